import "server-only";
import { requirePermission, seesAllClients, type Actor } from "../auth/actor";
import { db } from "../db";
import { healthReport } from "../health";
import { appVersion, uptimeSeconds } from "./version";

export type { HealthStatus } from "../health";

/** What the foundation knows without Docker: version, uptime, clients visible to the actor,
 *  health from the same checks as GET /health (a report up to 10 s old is fine for the UI).
 *  Container and host figures arrive with the services domain. */
export async function systemStatus({ actor }: { actor: Actor }) {
  requirePermission(actor, "system:read");
  const [clientCount, health] = await Promise.all([
    db().client.count({ where: { deletedAt: null, ...(seesAllClients(actor) ? {} : { id: { in: actor.clientIds } }) } }),
    healthReport({ maxAgeMs: 10_000 }),
  ]);
  return {
    uptime: uptimeSeconds(),
    version: appVersion(),
    clientCount,
    health: health.status,
  };
}
