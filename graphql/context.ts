import type { Actor } from "@/lib/auth/actor";

export type GraphQLContext = { actor: Actor | null; request: Request };
