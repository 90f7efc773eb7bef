import { AppError } from "@/lib/errors";
import type { GraphQLContext } from "./context";

export function requireActorIn(ctx: GraphQLContext) {
  if (!ctx.actor) throw new AppError("UNAUTHENTICATED", "Sign in first");
  return ctx.actor;
}
