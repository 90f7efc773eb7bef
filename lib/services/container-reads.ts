import "server-only";
import type Docker from "dockerode";
import type { ContainerRef, HostName } from "../docker/connection";
import { inspectContainer, listContainers, type ContainerSummary } from "../docker/containers";

// Engine reads of one request. Without a memo, 300 aliases of `services { id }` in one GraphQL
// request make 300 Docker list calls (and as many inspects): one request, one look at the engine
// per (host, scope), however many fields ask. A memo lives as long as one request's context
// (graphql/context.ts); mutations and subscriptions read the engine directly (they must see what
// changed).

export type ContainerReads = {
  list(host: HostName, clientIds: string[] | "all"): Promise<ContainerSummary[]>;
  inspect(ref: ContainerRef): Promise<Docker.ContainerInspectInfo | null>;
};

export const engineReads: ContainerReads = { list: listContainers, inspect: inspectContainer };

function memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) cache.set(key, (p = load()));
  return p;
}

/** Reads that ask the engine once per distinct question; a failure is shared too (same answer). */
export function memoizedReads(base: ContainerReads = engineReads): ContainerReads {
  const lists = new Map<string, Promise<ContainerSummary[]>>();
  const inspects = new Map<string, Promise<Docker.ContainerInspectInfo | null>>();
  return {
    list: (host, clientIds) =>
      memo(lists, `${host}\n${clientIds === "all" ? "*" : [...clientIds].sort().join(",")}`, () =>
        base.list(host, clientIds),
      ),
    inspect: (ref) => memo(inspects, `${ref.host}\n${ref.containerId}`, () => base.inspect(ref)),
  };
}
