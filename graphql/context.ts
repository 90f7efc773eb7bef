import type { Actor } from "@/lib/auth/actor";
import type { GraphQLResolveInfo } from "graphql";
import { engineReads, memoizedReads, type ContainerReads } from "@/lib/services/container-reads";

export type GraphQLContext = { actor: Actor | null; request: Request };

// Engine reads shared by every field of one query request: 300 aliases of `services` are one
// Docker list. A mutation or a subscription (whose context lives as long as the stream) reads
// the engine directly: it must see what changed.
const readsOfRequest = new WeakMap<GraphQLContext, ContainerReads>();
export function containerReadsOf(ctx: GraphQLContext, info: GraphQLResolveInfo): ContainerReads {
  if (info.operation.operation !== "query") return engineReads;
  let reads = readsOfRequest.get(ctx);
  if (!reads) readsOfRequest.set(ctx, (reads = memoizedReads()));
  return reads;
}
