import "server-only";
import { requirePermission, type Actor } from "../auth/actor";
import { db, type Prisma } from "../db";
import { AppError } from "../errors";
import { audited, denyUnless, isId, refuse } from "../kit";
import { absoluteName } from "./names";
import { findZone, writableZone, zoneScope } from "./scope";
import { syncAfterChange } from "./sync";
import { checkRecordSet, fieldError, validateRecord, type DnsRecordData, type RecordType } from "./validate";

// Record use cases. Each change runs in one transaction with its audit row: the zone row is
// updated first (serial + 1), which also locks it, so two changes to one zone validate against
// each other in turn. The backend sync follows the commit.

export type DnsRecordRow = DnsRecordData & {
  id: string;
  zoneId: string;
  zone: string;
  fqdn: string;
  createdAt: Date;
  updatedAt: Date;
};
type Row = Omit<DnsRecordRow, "zone" | "fqdn" | "type"> & { type: string };

const toData = (r: Row): DnsRecordData => ({
  name: r.name,
  type: r.type as RecordType,
  value: r.value,
  ttl: r.ttl,
  priority: r.priority,
  weight: r.weight,
  port: r.port,
});
const toRow = (r: Row, zone: string): DnsRecordRow => ({
  ...r,
  type: r.type as RecordType,
  zone,
  fqdn: absoluteName(r.name, zone),
});

export async function listRecords({ actor, zone }: { actor: Actor; zone: string }): Promise<DnsRecordRow[]> {
  requirePermission(actor, "dns:read");
  const found = await findZone(actor, zone, "dns:read");
  if (!found) throw new AppError("NOT_FOUND", "Zone not found");
  const rows = await db().dnsRecord.findMany({
    where: { zoneId: found.id },
    orderBy: [{ name: "asc" }, { type: "asc" }, { value: "asc" }],
  });
  return rows.map((r) => toRow(r, found.name));
}

async function bumpSerial(tx: Prisma.TransactionClient, zoneId: string) {
  await tx.dnsZone.update({ where: { id: zoneId }, data: { serial: { increment: 1 } } });
}

/** A zone must keep one NS at its apex: no server loads it otherwise. */
async function keepApexNs(tx: Prisma.TransactionClient, zoneId: string, leaving: Row[]) {
  const ids = leaving.filter((r) => r.type === "NS" && r.name === "@").map((r) => r.id);
  if (ids.length === 0) return;
  const left = await tx.dnsRecord.count({ where: { zoneId, type: "NS", name: "@", id: { notIn: ids } } });
  if (left === 0)
    throw fieldError("id", "a zone needs at least one NS record at @; add another before removing this one");
}

export async function createRecord({
  actor,
  zone,
  input,
}: {
  actor: Actor;
  zone: string;
  input: unknown;
}): Promise<DnsRecordRow> {
  const z = await writableZone(actor, zone, "dns.record.create");
  const row = await audited(actor, "dns.record.create", { type: "dns_record" }, async (tx) => {
    const rec = validateRecord(input, z.name);
    await bumpSerial(tx, z.id);
    const others = await tx.dnsRecord.findMany({ where: { zoneId: z.id, name: rec.name } });
    checkRecordSet(others.map(toData), rec);
    const created = await tx.dnsRecord.create({ data: { ...rec, zoneId: z.id } });
    return { result: toRow(created, z.name), resourceId: created.id, details: { zone: z.name, ...rec } };
  });
  await syncAfterChange([z.id]);
  return row;
}

/**
 * The records the actor may change, in one query: the tenant scope is part of the `where`, so a
 * record of another tenant is simply not found. Any id not found (missing, not an id, or outside
 * the scope) is NOT_FOUND, audited as denied with that id: all of them or none.
 */
async function writableRecords(actor: Actor, ids: string[], action: string) {
  await denyUnless(actor, "dns:write", { action, resource: { type: "dns_record", id: ids[0] } });
  const wellFormed = ids.filter(isId);
  const found = wellFormed.length
    ? await db().dnsRecord.findMany({
        where: { id: { in: wellFormed }, zone: zoneScope(actor, "dns:write") },
        include: { zone: true },
      })
    : [];
  const byId = new Map(found.map((r) => [r.id, r]));
  const missing = ids.find((id) => !byId.has(id));
  if (missing !== undefined) {
    await refuse(
      actor,
      { action, resource: { type: "dns_record", id: missing } },
      "record not found in the actor's scope",
      new AppError("NOT_FOUND", "Record not found"),
    );
  }
  return ids.map((id) => byId.get(id)!);
}

export async function updateRecord({
  actor,
  id,
  input,
}: {
  actor: Actor;
  id: string;
  input: unknown;
}): Promise<DnsRecordRow> {
  const current = (await writableRecords(actor, [id], "dns.record.update"))[0]!;
  const zone = current.zone;
  const row = await audited(actor, "dns.record.update", { type: "dns_record", id }, async (tx) => {
    if (typeof input !== "object" || input === null) throw fieldError("input", "is required");
    // Fields left out keep their value; switching to a type without priority/weight/port drops them.
    const patch = input as Record<string, unknown>;
    const type = (patch.type as string | undefined) ?? current.type;
    const keep = (f: "priority" | "weight" | "port") =>
      f in patch ? patch[f] : type === current.type ? current[f] : null;
    const rec = validateRecord(
      {
        name: patch.name ?? current.name,
        type,
        value: patch.value ?? current.value,
        ttl: patch.ttl ?? current.ttl,
        priority: keep("priority"),
        weight: keep("weight"),
        port: keep("port"),
      },
      zone.name,
    );
    await bumpSerial(tx, zone.id);
    if (rec.type !== "NS" || rec.name !== "@") await keepApexNs(tx, zone.id, [current]);
    const others = await tx.dnsRecord.findMany({ where: { zoneId: zone.id, name: rec.name, id: { not: id } } });
    checkRecordSet(others.map(toData), rec);
    const updated = await tx.dnsRecord.update({ where: { id }, data: rec });
    return { result: toRow(updated, zone.name), details: { zone: zone.name, before: toData(current), after: rec } };
  });
  await syncAfterChange([zone.id]);
  return row;
}

export async function deleteRecord({ actor, id }: { actor: Actor; id: string }): Promise<boolean> {
  return (await deleteRecords({ actor, ids: [id] })) === 1;
}

/** Deletes several records (possibly across zones) in one transaction: all or none. */
export async function deleteRecords({ actor, ids }: { actor: Actor; ids: string[] }): Promise<number> {
  const unique = [...new Set(ids)];
  if (unique.length === 0 || unique.length > 5000) throw fieldError("ids", "give between 1 and 5000 record ids");
  const action = unique.length === 1 ? "dns.record.delete" : "dns.record.bulk_delete";
  const records = await writableRecords(actor, unique, action);
  const zoneIds = [...new Set(records.map((r) => r.zoneId))];
  const count = await audited(
    actor,
    action,
    { type: "dns_record", id: unique.length === 1 ? unique[0] : null },
    async (tx) => {
      for (const zoneId of zoneIds) {
        await bumpSerial(tx, zoneId);
        await keepApexNs(
          tx,
          zoneId,
          records.filter((r) => r.zoneId === zoneId),
        );
      }
      const { count } = await tx.dnsRecord.deleteMany({ where: { id: { in: unique } } });
      return {
        result: count,
        details: { records: records.map((r) => ({ id: r.id, zone: r.zone.name, ...toData(r) })) },
      };
    },
  );
  await syncAfterChange(zoneIds);
  return count;
}
