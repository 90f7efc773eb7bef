import "server-only";
import type { Actor } from "../auth/actor";
import { dockerConfigured, dockerHosts } from "../docker/connection";
import { listContainers } from "../docker/containers";
import { clientOfLabels } from "../docker/labels";
import { mayReach, serviceScope } from "./scope";

/** Containers the actor may see, or null when a configured Docker cannot be reached (the caller
 *  reports the outage instead of failing). No Docker configured: 0. */
export async function countServices({ actor }: { actor: Actor }): Promise<number | null> {
  if (!actor.permissions.has("service:read") || !dockerConfigured()) return 0;
  const scope = serviceScope(actor, "service:read");
  try {
    let n = 0;
    for (const host of dockerHosts()) {
      n += (await listContainers(host, scope)).filter((c) =>
        mayReach(actor, "service:read", clientOfLabels(c.Labels)),
      ).length;
    }
    return n;
  } catch {
    return null;
  }
}
