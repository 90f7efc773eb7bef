import "server-only";
import { requirePermission, seesAllClients, type Actor } from "../auth/actor";
import { db } from "../db";
import { appVersion, uptimeSeconds } from "./version";

export type HealthStatus = "HEALTHY" | "DEGRADED" | "UNHEALTHY";

/** What the foundation knows without Docker: version, uptime, clients visible to the actor,
 *  health from the database check. Container and host figures arrive with the services domain. */
export async function systemStatus({ actor }: { actor: Actor }) {
  requirePermission(actor, "system:read");
  const started = Date.now();
  const clientCount = await db().client.count({
    where: { deletedAt: null, ...(seesAllClients(actor) ? {} : { id: { in: actor.clientIds } }) },
  });
  const latency = Date.now() - started;
  return {
    uptime: uptimeSeconds(),
    version: appVersion(),
    clientCount,
    health: (latency > 1000 ? "DEGRADED" : "HEALTHY") as HealthStatus,
  };
}
