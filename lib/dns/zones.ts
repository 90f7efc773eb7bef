import "server-only";
import { z } from "zod";
import { can, canOnClient, clientScope, requirePermission, type Actor } from "../auth/actor";
import { requireStepUp } from "../auth/step-up/step-up";
import { audited, denyUnless, idSchema, parseInput } from "../kit";
import { db, type Prisma } from "../db";
import { AppError } from "../errors";
import { hostNameProblem, isWithin, stripDot } from "./names";
import { findZone, zoneScope } from "./scope";
import { assertNoForeignOverlap, lockNameTree, owningClient } from "./territory";
import { removeZoneFromBackend, syncAfterChange, zoneSnapshot } from "./sync";
import { fieldError, validateZoneName } from "./validate";

export type DnsZoneRow = {
  id: string;
  name: string;
  clientId: string | null;
  serial: number;
  recordCount: number;
  dnssecEnabled: boolean;
  lastSyncedAt: Date | null;
  lastSyncError: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const zoneSelect = {
  id: true,
  name: true,
  clientId: true,
  serial: true,
  dnssecEnabled: true,
  lastSyncedAt: true,
  lastSyncError: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { records: true } },
} as const;

function toRow({ _count, ...z }: { _count: { records: number } } & Omit<DnsZoneRow, "recordCount">): DnsZoneRow {
  return { ...z, recordCount: _count.records };
}

/** Zones the actor may read, with their record counts (one query). */
export async function listZones({ actor }: { actor: Actor }): Promise<DnsZoneRow[]> {
  requirePermission(actor, "dns:read");
  const zones = await db().dnsZone.findMany({
    where: zoneScope(actor, "dns:read"),
    select: zoneSelect,
    orderBy: { name: "asc" },
    take: 1000,
  });
  return zones.map(toRow);
}

/** One zone, with whether the actor may change its records (pages offer the forms by it; the
 *  domain checks again on every change). */
export async function getZone({
  actor,
  zone,
}: {
  actor: Actor;
  zone: string;
}): Promise<DnsZoneRow & { writable: boolean }> {
  requirePermission(actor, "dns:read");
  const found = await findZone(actor, zone, "dns:read");
  if (!found) throw new AppError("NOT_FOUND", "Zone not found");
  const row = await db().dnsZone.findUniqueOrThrow({ where: { id: found.id }, select: zoneSelect });
  const writable = can(actor, "dns:write") && (await findZone(actor, found.id, "dns:write")) !== null;
  return { ...toRow(row), writable };
}

const createSchema = z.object({
  name: z.string(),
  clientId: idSchema.nullable().optional(),
  nameservers: z.array(z.string()).min(1, "at least one name server is required").max(13),
});

/**
 * The client a new zone belongs to: the one asked for (the name must be its domain or below), else
 * the client whose domain covers the name, else none (an operator's zone, which no client's
 * domain covers). A zone inside a client's domain is always that client's; a deleted client's
 * domain takes no new zones.
 */
async function ownerOf(tx: Prisma.TransactionClient, name: string, asked: string | null): Promise<string | null> {
  if (asked) {
    const client = await tx.client.findFirst({ where: { id: asked, deletedAt: null }, select: { domain: true } });
    if (!client) throw fieldError("clientId", "no such client");
    if (!isWithin(name, client.domain))
      throw fieldError("name", `must be ${client.domain} or below it to belong to that client`);
    return asked;
  }
  const owner = await owningClient(tx, name);
  if (owner?.deletedAt)
    throw new AppError(
      "CONFLICT",
      `Zone ${name} lies inside ${owner.domain}, the domain of deleted client ${owner.name} (kept until it is purged)`,
      { fields: { name: "inside a deleted client's domain" } },
    );
  return owner?.id ?? null;
}

/** Creates a zone with its apex NS records (a zone without NS does not load in any server). */
export async function createZone({ actor, input }: { actor: Actor; input: unknown }): Promise<DnsZoneRow> {
  await denyUnless(actor, "dns:zone:write", { action: "dns.zone.create", resource: { type: "dns_zone" } });
  const zone = await audited(actor, "dns.zone.create", { type: "dns_zone" }, async (tx) => {
    const parsed = parseInput(createSchema, input);
    const name = validateZoneName(parsed.name);
    const nameservers = [...new Set(parsed.nameservers.map((ns) => stripDot(ns.trim().toLowerCase())))];
    for (const ns of nameservers) {
      const problem = hostNameProblem(ns);
      if (problem) throw fieldError("nameservers", `${ns} ${problem}`);
    }
    await lockNameTree(tx);
    const clientId = await ownerOf(tx, name, parsed.clientId ?? null);
    // A client role (should one ever hold dns:zone:write) creates zones for its own clients only;
    // an operator's zone needs a global role.
    if (clientId ? !canOnClient(actor, "dns:zone:write", clientId) : clientScope(actor, "dns:zone:write") !== "all") {
      throw new AppError("FORBIDDEN", "Missing permission dns:zone:write for this zone's client", {
        permission: "dns:zone:write",
      });
    }
    if (clientId) await assertNoForeignOverlap(tx, name, clientId, "Zone");
    if (await tx.dnsZone.findUnique({ where: { name }, select: { id: true } }))
      throw new AppError("CONFLICT", `Zone ${name} already exists`, { fields: { name: "already exists" } });
    const created = await tx.dnsZone.create({
      data: {
        name,
        clientId,
        records: { create: nameservers.map((ns) => ({ name: "@", type: "NS", value: ns, ttl: 3600 })) },
      },
      select: zoneSelect,
    });
    return { result: toRow(created), resourceId: created.id, details: { name, clientId, nameservers } };
  });
  await syncAfterChange([zone.id]);
  return zone;
}

/** Deletes a zone with its records, then removes it from the serving backend. */
export async function deleteZone({ actor, zone }: { actor: Actor; zone: string }): Promise<boolean> {
  await denyUnless(actor, "dns:zone:write", { action: "dns.zone.delete", resource: { type: "dns_zone", id: zone } });
  const found = await findZone(actor, zone, "dns:zone:write");
  if (!found) throw new AppError("NOT_FOUND", "Zone not found");
  await requireStepUp(actor, { action: "dns.zone.delete", resource: { type: "dns_zone", id: found.id } });
  const snapshot = await zoneSnapshot(found.id);
  await audited(actor, "dns.zone.delete", { type: "dns_zone", id: found.id }, async (tx) => {
    const { count } = await tx.dnsRecord.deleteMany({ where: { zoneId: found.id } });
    await tx.dnsZone.delete({ where: { id: found.id } });
    return { result: true, details: { name: found.name, records: count } };
  });
  await removeZoneFromBackend(found.id, found.name, snapshot?.childZones ?? []).catch((err) =>
    console.error(`[dns] removing zone ${found.name} from the backend failed:`, (err as Error).message),
  );
  return true;
}
