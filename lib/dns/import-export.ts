import "server-only";
import { requirePermission, type Actor } from "../auth/actor";
import { audited } from "../kit";
import { AppError, isAppError } from "../errors";
import { parseZoneFile } from "./parse-zone";
import { renderZoneFile } from "./render-zone";
import { findZone, writableZone } from "./scope";
import { syncAfterChange, zoneSnapshot } from "./sync";
import { assertNoForeignOverlap, lockNameTree } from "./territory";
import { checkRecordSet, validateRecord, type DnsRecordData } from "./validate";

/** The zone as an RFC 1035 master file (what the zone-file backend serves). */
export async function exportZone({
  actor,
  zone,
}: {
  actor: Actor;
  zone: string;
}): Promise<{ name: string; text: string }> {
  requirePermission(actor, "dns:read");
  const found = await findZone(actor, zone, "dns:read");
  const snapshot = found && (await zoneSnapshot(found.id));
  if (!snapshot) throw new AppError("NOT_FOUND", "Zone not found");
  return { name: snapshot.name, text: renderZoneFile(snapshot) };
}

/** Runs one line's checks; a VALIDATION error gets the line number in front. */
function atLine(line: number, check: () => void): void {
  try {
    check();
  } catch (err) {
    if (!isAppError(err) || err.code !== "VALIDATION") throw err;
    throw new AppError("VALIDATION", `line ${line}: ${err.message}`, { ...err.details, line });
  }
}

const key = (r: DnsRecordData) => `${r.name}\t${r.type}\t${r.value}\t${r.priority}\t${r.weight}\t${r.port}`;

/**
 * Imports a master file into a zone, all or nothing: every record is validated (an error names
 * its line), records identical to existing ones are left as they are (re-importing a file changes
 * nothing), `replace` removes the records the file does not hold. One transaction, one audit
 * row, one serial step, one sync.
 */
export async function importZone({
  actor,
  zone,
  text,
  replace = false,
}: {
  actor: Actor;
  zone: string;
  text: string;
  replace?: boolean;
}) {
  const z = await writableZone(actor, zone, "dns.zone.import");
  const result = await audited(actor, "dns.zone.import", { type: "dns_zone", id: z.id }, async (tx) => {
    if (Buffer.byteLength(text) > 20 * 1024 * 1024)
      throw new AppError("VALIDATION", "file: larger than 20 MB", { fields: { file: "larger than 20 MB" } });
    // The zone is still its client's alone (nobody placed a name over or under it meanwhile).
    await lockNameTree(tx);
    if (z.clientId) await assertNoForeignOverlap(tx, z.name, z.clientId, "Zone");
    const wanted = new Map<string, DnsRecordData>();
    const lineOf = new Map<string, number>();
    for (const p of parseZoneFile(text, z.name)) {
      atLine(p.line, () => {
        const rec = validateRecord({ ...p, line: undefined }, z.name);
        if (wanted.has(key(rec)))
          throw new AppError("VALIDATION", `value: the same ${rec.type} record appears twice`, {
            fields: { value: "duplicate" },
          });
        wanted.set(key(rec), rec);
        lineOf.set(key(rec), p.line);
      });
    }
    await tx.dnsZone.update({ where: { id: z.id }, data: { serial: { increment: 1 } } });
    const existing = await tx.dnsRecord.findMany({ where: { zoneId: z.id } });
    const existingKeys = new Map(existing.map((r) => [key({ ...r, type: r.type as DnsRecordData["type"] }), r]));
    const removed = replace
      ? existing.filter((r) => !wanted.has(key({ ...r, type: r.type as DnsRecordData["type"] })))
      : [];
    const added = [...wanted.values()].filter((r) => !existingKeys.has(key(r)));
    // The set rules (CNAME exclusivity) over the final state, by name.
    const byName = new Map<string, DnsRecordData[]>();
    const removedIds = new Set(removed.map((r) => r.id));
    for (const r of existing)
      if (!removedIds.has(r.id))
        byName.set(r.name, [...(byName.get(r.name) ?? []), { ...r, type: r.type as DnsRecordData["type"] }]);
    for (const r of added) {
      atLine(lineOf.get(key(r)) ?? 0, () => checkRecordSet(byName.get(r.name) ?? [], r));
      byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
    }
    if (!(byName.get("@") ?? []).some((r) => r.type === "NS"))
      throw new AppError("VALIDATION", "file: the zone would have no NS record at @", {
        fields: { file: "no NS record at @" },
      });
    if (removed.length) await tx.dnsRecord.deleteMany({ where: { id: { in: removed.map((r) => r.id) } } });
    // One INSERT … unnest() for the lot: createMany of 5,000 rows took ~4 s here, this ~0.1 s.
    if (added.length) {
      const col = <K extends keyof DnsRecordData>(k: K) => added.map((r) => r[k]);
      await tx.$executeRaw`INSERT INTO dns_records (zone_id, name, type, value, ttl, priority, weight, port)
        SELECT ${z.id}::uuid, * FROM unnest(${col("name")}::text[], ${col("type")}::text[], ${col("value")}::text[],
          ${col("ttl")}::int[], ${col("priority")}::int[], ${col("weight")}::int[], ${col("port")}::int[])`;
    }
    const summary = {
      zone: z.name,
      added: added.length,
      removed: removed.length,
      unchanged: wanted.size - added.length,
    };
    return { result: summary, details: summary };
  });
  await syncAfterChange([z.id]);
  return result;
}
