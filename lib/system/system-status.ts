import "server-only";
import { requirePermission, seesAllClients, type Actor } from "../auth/actor";
import { config } from "../config";
import { db } from "../db";
import { healthReport } from "../health";
import { countServices } from "../services/count-services";
import { diskPercent, hostCpuPercent, memoryPercent } from "./host-usage";
import { appVersion, uptimeSeconds } from "./version";

export type { HealthStatus } from "../health";

/** What the foundation knows without Docker: version, uptime, clients visible to the actor,
 *  health from the same checks as GET /health (a report up to 10 s old is fine for the UI).
 *  Containers are counted in the actor's scope; host CPU, memory and disk are percentages. */
export async function systemStatus({ actor }: { actor: Actor }) {
  requirePermission(actor, "system:read");
  const [clientCount, health, containerCount, cpuUsage, diskUsage] = await Promise.all([
    db().client.count({
      where: { deletedAt: null, ...(seesAllClients(actor) ? {} : { id: { in: actor.clientIds } }) },
    }),
    healthReport({ maxAgeMs: 10_000 }),
    countServices({ actor }),
    hostCpuPercent(),
    diskPercent(config().DATA_DIR),
  ]);
  return {
    uptime: uptimeSeconds(),
    version: appVersion(),
    clientCount,
    // Docker unreachable: no containers to count, and the console is degraded, not down.
    containerCount: containerCount ?? 0,
    cpuUsage,
    memoryUsage: memoryPercent(),
    diskUsage,
    health: containerCount === null && health.status === "HEALTHY" ? ("DEGRADED" as const) : health.status,
  };
}
