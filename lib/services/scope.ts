import "server-only";
import { clientScope, type Actor } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import { startDockerEventStreams } from "../docker/event-stream";
import { startStatsSampler } from "../docker/stats-sampler";

// Tenant scope of containers: global roles see every container; client roles only containers
// labelled `securenexus.client=<one of their clients>`. "System" containers (no client label)
// are visible to global roles only.

/** "all", or the client ids whose containers the actor may reach with `permission`. */
export function serviceScope(actor: Actor, permission: Permission): "all" | string[] {
  return clientScope(actor, permission);
}

export function mayReach(actor: Actor, permission: Permission, clientId: string | null): boolean {
  const scope = clientScope(actor, permission);
  return scope === "all" || (clientId !== null && scope.includes(clientId));
}

/** The background parts (stats sampler, Docker event stream) start with the first use. */
export function ensureLiveServices(): void {
  startStatsSampler();
  startDockerEventStreams();
}
