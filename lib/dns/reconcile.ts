import "server-only";
import type { Actor } from "../auth/actor";
import { requirePermission } from "../auth/actor";
import { publishAudit, writeAudit } from "../audit/record";
import { db } from "../db";
import { AppError } from "../errors";
import type { JobHandler } from "../jobs/registry";
import { findZone } from "./scope";
import { syncZone } from "./sync";

// Drift: anything the backend holds that the database does not say (a key edited by hand in
// etcd, a zone file changed on disk, a stray key) is put back by a sync. The reconcile job syncs
// every zone; whatever a sync had to change while the database did not move is drift, recorded
// in the audit log (action dns.drift.repaired) and shown on the zone page.
export const DNS_RECONCILE_JOB = "dns.reconcile";
export const DRIFT_ACTION = "dns.drift.repaired";

export type ZoneRepair = { zone: string; written: string[]; deleted: string[] };

export async function reconcileZones(): Promise<{ zones: number; repaired: ZoneRepair[]; failed: string[] }> {
  const zones = await db().dnsZone.findMany({
    select: { id: true, name: true, serial: true },
    orderBy: { name: "asc" },
  });
  const repaired: ZoneRepair[] = [];
  const failed: string[] = [];
  for (const z of zones) {
    try {
      const report = await syncZone(z.id);
      if (report.written.length + report.deleted.length === 0) continue;
      // A change committed while we synced also shows up as a difference: not drift.
      const now = await db().dnsZone.findUnique({ where: { id: z.id }, select: { serial: true } });
      if (now?.serial !== z.serial) continue;
      const repair = { zone: z.name, written: report.written, deleted: report.deleted };
      repaired.push(repair);
      const row = await writeAudit({
        userId: "system",
        action: DRIFT_ACTION,
        resourceType: "dns_zone",
        resourceId: z.id,
        result: "success",
        details: { ...repair, backend: report.backend },
      });
      await publishAudit(row);
    } catch (err) {
      failed.push(`${z.name}: ${(err as Error).message}`); // kept on the zone as last_sync_error too
    }
  }
  return { zones: zones.length, repaired, failed };
}

export const dnsReconcileJob: JobHandler = async ({ reportProgress }) => {
  const result = await reconcileZones();
  await reportProgress({ zones: result.zones, repaired: result.repaired.length, failed: result.failed });
  if (result.failed.length) throw new Error(`sync failed for ${result.failed.join("; ")}`);
  return { zones: result.zones, repaired: result.repaired.map((r) => r.zone) };
};

/** The last repairs of a zone, for its page. */
export async function listZoneRepairs({ actor, zone, take = 10 }: { actor: Actor; zone: string; take?: number }) {
  requirePermission(actor, "dns:read");
  const found = await findZone(actor, zone, "dns:read");
  if (!found) throw new AppError("NOT_FOUND", "Zone not found");
  const rows = await db().auditLog.findMany({
    where: { action: DRIFT_ACTION, resourceId: found.id },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, createdAt: true, details: true },
  });
  return rows.map((r) => ({ id: r.id, at: r.createdAt ?? new Date(0), ...(r.details as Omit<ZoneRepair, "zone">) }));
}
