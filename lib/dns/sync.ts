import "server-only";
import path from "node:path";
import { config } from "../config";
import { db } from "../db";
import { EtcdBackend } from "./backends/etcd";
import type { DnsBackend, SyncReport } from "./backends/types";
import { ZoneFileBackend } from "./backends/zonefile";
import { isWithin } from "./names";
import type { ZoneSnapshot } from "./render-zone";
import type { DnsRecordData } from "./validate";

// PostgreSQL holds the truth; a sync copies one zone's rows to the serving backend (ETCD_URL set
// → CoreDNS's etcd layout, else the zone-file directory). Syncs of one zone run one after the
// other in this process, so an older snapshot never overwrites a newer one.
const g = globalThis as { __snxDnsBackend?: Promise<DnsBackend>; __snxDnsQueue?: Map<string, Promise<unknown>> };

export function dnsBackend(): Promise<DnsBackend> {
  if (!g.__snxDnsBackend) {
    const c = config();
    g.__snxDnsBackend = c.ETCD_URL
      ? EtcdBackend.open(c.ETCD_URL)
      : Promise.resolve(new ZoneFileBackend(c.DNS_ZONE_DIR ?? path.join(c.DATA_DIR, "zones")));
  }
  return g.__snxDnsBackend;
}

/** Test seam and operator tooling: serve from this backend for the rest of the process. */
export function setDnsBackend(backend: DnsBackend) {
  g.__snxDnsBackend = Promise.resolve(backend);
}

function serialized<T>(zoneKey: string, work: () => Promise<T>): Promise<T> {
  const queue = (g.__snxDnsQueue ??= new Map());
  const next = (queue.get(zoneKey) ?? Promise.resolve()).catch(() => undefined).then(work);
  queue.set(zoneKey, next);
  void next.finally(() => queue.get(zoneKey) === next && queue.delete(zoneKey)).catch(() => undefined);
  return next;
}

export async function zoneSnapshot(zoneId: string): Promise<ZoneSnapshot | null> {
  const zone = await db().dnsZone.findUnique({ where: { id: zoneId }, include: { records: true } });
  if (!zone) return null;
  const others = await db().dnsZone.findMany({
    where: { name: { endsWith: `.${zone.name}` } },
    select: { name: true },
  });
  return {
    id: zone.id,
    name: zone.name,
    serial: zone.serial,
    records: zone.records.map((r) => ({ ...r, type: r.type as DnsRecordData["type"] })),
    childZones: others.map((o) => o.name).filter((n) => isWithin(n, zone.name) && n !== zone.name),
  };
}

/** Writes the zone's desired state to the backend and removes what should not be there.
 *  Idempotent: a second run reports nothing written or deleted. Records the outcome on the zone. */
export function syncZone(zoneId: string): Promise<SyncReport> {
  return serialized(zoneId, async () => {
    const zone = await zoneSnapshot(zoneId);
    if (!zone) throw new Error(`zone ${zoneId} no longer exists`);
    const backend = await dnsBackend();
    try {
      const report = await backend.syncZone(zone);
      await db().dnsZone.update({ where: { id: zoneId }, data: { lastSyncedAt: new Date(), lastSyncError: null } });
      return report;
    } catch (err) {
      const message = `${backend.kind}: ${(err as Error).message}`.slice(0, 1000);
      await db().dnsZone.update({ where: { id: zoneId }, data: { lastSyncError: message } });
      throw err;
    }
  });
}

/** After a committed change: the change stands (the database is the truth) even when the backend
 *  is down; the failure is kept on the zone (shown in the console) and the next sync repairs it. */
export async function syncAfterChange(zoneIds: Iterable<string>): Promise<void> {
  for (const id of new Set(zoneIds)) {
    await syncZone(id).catch((err) => console.error(`[dns] sync of zone ${id} failed:`, (err as Error).message));
  }
}

export function removeZoneFromBackend(zoneId: string, name: string, childZones: string[]): Promise<SyncReport> {
  return serialized(zoneId, async () => (await dnsBackend()).removeZone(name, childZones));
}
