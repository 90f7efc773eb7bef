import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { requirePermission, type Actor } from "../auth/actor";
import { audited, denyUnless } from "../kit";
import { config } from "../config";
import { db } from "../db";
import { AppError } from "../errors";
import { dnskeyText, dsRecord, generateZoneKey, keyFiles } from "./dnssec-keys";
import { findZone } from "./scope";
import { open, seal } from "./secret-box";
import { syncAfterChange } from "./sync";

// DNSSEC per zone (SUPER_ADMIN, dns:zone:write): the key pair lives in the database (private key
// sealed), its BIND-format key files are written for CoreDNS's dnssec plugin, and the DS record
// is shown for the registrar. CoreDNS signs on the fly; the zone data itself is unchanged.

export function dnsKeysDir(): string {
  const c = config();
  return path.join(c.DNS_ZONE_DIR ?? path.join(c.DATA_DIR, "zones"), "keys");
}

export type DnssecInfo = {
  enabled: boolean;
  keyTag: number | null;
  dnskey: string | null;
  ds: string | null;
  keyFile: string | null;
};

function info(zone: { name: string; dnssecEnabled: boolean; dnssecPublicKey: string | null }): DnssecInfo {
  if (!zone.dnssecEnabled || !zone.dnssecPublicKey)
    return { enabled: false, keyTag: null, dnskey: null, ds: null, keyFile: null };
  const pub = Buffer.from(zone.dnssecPublicKey, "base64");
  const ds = dsRecord(zone.name, pub);
  return {
    enabled: true,
    keyTag: ds.keyTag,
    dnskey: dnskeyText(zone.name, pub),
    ds: ds.text,
    keyFile: path.join(dnsKeysDir(), keyFiles(zone.name, { publicKey: pub, privateKey: Buffer.alloc(0) }).base),
  };
}

/** Writes the zone's key files (0600 for the private one), atomically. */
async function writeKeyFiles(zone: string, publicKey: Buffer, privateKey: Buffer): Promise<void> {
  const files = keyFiles(zone, { publicKey, privateKey });
  const dir = dnsKeysDir();
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  for (const [ext, text, mode] of [
    [".key", files.key, 0o644],
    [".private", files.private, 0o600],
  ] as const) {
    const target = path.join(dir, files.base + ext);
    const tmp = `${target}.tmp`;
    await fs.writeFile(tmp, text, { mode });
    await fs.rename(tmp, target);
  }
}

export async function getDnssec({ actor, zone }: { actor: Actor; zone: string }): Promise<DnssecInfo> {
  requirePermission(actor, "dns:read");
  const found = await findZone(actor, zone, "dns:read");
  if (!found) throw new AppError("NOT_FOUND", "Zone not found");
  return info(found);
}

/** Turns DNSSEC on (idempotent: an enabled zone keeps its key, its files are rewritten). */
export async function enableDnssec({ actor, zone }: { actor: Actor; zone: string }): Promise<DnssecInfo> {
  await denyUnless(actor, "dns:zone:write", {
    action: "dns.zone.dnssec.enable",
    resource: { type: "dns_zone", id: zone },
  });
  const found = await findZone(actor, zone, "dns:zone:write");
  if (!found) throw new AppError("NOT_FOUND", "Zone not found");
  const updated = await audited(actor, "dns.zone.dnssec.enable", { type: "dns_zone", id: found.id }, async (tx) => {
    const current = await tx.dnsZone.findUniqueOrThrow({ where: { id: found.id } });
    if (current.dnssecEnabled && current.dnssecPublicKey)
      return { result: current, details: { zone: current.name, unchanged: true } };
    const key = generateZoneKey();
    const row = await tx.dnsZone.update({
      where: { id: found.id },
      data: {
        dnssecEnabled: true,
        dnssecPublicKey: key.publicKey.toString("base64"),
        dnssecPrivateKey: seal(key.privateKey, `dnssec:${found.id}`),
        dnssecKeyTag: dsRecord(current.name, key.publicKey).keyTag,
        serial: { increment: 1 },
      },
    });
    return { result: row, details: { zone: row.name, keyTag: row.dnssecKeyTag, algorithm: 13 } };
  });
  await writeKeyFiles(
    updated.name,
    Buffer.from(updated.dnssecPublicKey!, "base64"),
    open(updated.dnssecPrivateKey!, `dnssec:${updated.id}`),
  );
  await syncAfterChange([updated.id]);
  return info(updated);
}

/** Rewrites every enabled zone's key files from the database (a new host, a lost volume). */
export async function restoreDnssecKeyFiles(): Promise<number> {
  const zones = await db().dnsZone.findMany({ where: { dnssecEnabled: true } });
  for (const z of zones)
    await writeKeyFiles(z.name, Buffer.from(z.dnssecPublicKey!, "base64"), open(z.dnssecPrivateKey!, `dnssec:${z.id}`));
  return zones.length;
}
