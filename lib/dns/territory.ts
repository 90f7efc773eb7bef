import "server-only";
import type { Prisma } from "../db";
import { AppError } from "../errors";
import { isWithin } from "./names";

// Who owns which part of the name tree (docs/decisions/025-zone-ownership-and-domain-hierarchy.md).
// A zone belongs to a client by dns_zones.client_id, never by its name. What keeps names and
// owners consistent is this rule, checked under one lock in the transaction of every write that
// places a name: no client's domain or zone may equal, lie inside or contain another client's
// domain or zone. Names reach here normalised (lib/dns/names.ts normaliseName) and validated.

type Tx = Prisma.TransactionClient;

/** pg_advisory_xact_lock key of the name tree ("snx:names" as bytes): two transactions that place
 *  names run one after the other, so neither misses the other's uncommitted row. */
const NAME_TREE_LOCK = 0x736e783a6e616d65n;

export async function lockNameTree(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(${NAME_TREE_LOCK}::bigint)::text AS locked`;
}

/** sub.alpha.test → [sub.alpha.test, alpha.test, test] */
export function selfAndParents(name: string): string[] {
  const labels = name.split(".");
  return labels.map((_, i) => labels.slice(i).join("."));
}

/** Rows whose `field` is `name`, a parent of it, or below it. Validated names hold no LIKE
 *  wildcards. */
function near<F extends string>(field: F, name: string) {
  return {
    OR: [{ [field]: { in: selfAndParents(name) } }, { [field]: { endsWith: `.${name}` } }] as Record<
      F,
      { in?: string[]; endsWith?: string }
    >[],
  };
}

function relation(name: string, other: string): string {
  if (name === other) return "is";
  return isWithin(name, other) ? "lies inside" : "contains";
}

/**
 * CONFLICT when `name` (a client's domain or one of its zones) equals, lies inside or contains a
 * domain or zone of any other client (deleted ones too: a deleted client keeps its names until it
 * is purged). `ownerId` is the client the name is for (undefined for a client not created yet).
 */
export async function assertNoForeignOverlap(
  tx: Tx,
  name: string,
  ownerId: string | undefined,
  subject: "Domain" | "Zone",
) {
  const notOwner = ownerId ? { NOT: { id: ownerId } } : {};
  const client = await tx.client.findFirst({
    where: { ...notOwner, ...near("domain", name) },
    select: { name: true, domain: true, deletedAt: true },
  });
  if (client) {
    const whose = client.deletedAt
      ? `deleted client ${client.name} (kept until it is purged)`
      : `client ${client.name}`;
    conflict(`${subject} ${name} ${relation(name, client.domain)} ${client.domain}, the domain of ${whose}`);
  }
  const zone = await tx.dnsZone.findFirst({
    where: { ...near("name", name), clientId: ownerId ? { not: ownerId } : { not: null } },
    select: { name: true, client: { select: { name: true } } },
  });
  if (zone)
    conflict(
      `${subject} ${name} ${relation(name, zone.name)} ${zone.name}, a DNS zone of client ${zone.client?.name ?? "?"}`,
    );
}

function conflict(message: string): never {
  const rule = "a client's domain and zones may not equal, lie inside or contain another client's";
  throw new AppError("CONFLICT", `${message}: ${rule}`, {
    fields: { [message.startsWith("Zone") ? "name" : "domain"]: message },
  });
}

/** The client whose domain is `name` or the nearest parent of it (deleted clients included), or null. */
export async function owningClient(tx: Tx, name: string) {
  const holders = await tx.client.findMany({
    where: { domain: { in: selfAndParents(name) } },
    select: { id: true, name: true, domain: true, deletedAt: true },
  });
  return holders.sort((a, b) => b.domain.length - a.domain.length)[0] ?? null;
}

/** Zones without a client at or below a domain that now belongs to `clientId` become its zones
 *  (the rule the migration applied to existing zones): no zone inside a client's domain is
 *  anyone else's. Returns their names, for the audit row. */
export async function adoptPlatformZones(tx: Tx, clientId: string, domain: string): Promise<string[]> {
  const where = { clientId: null, OR: [{ name: domain }, { name: { endsWith: `.${domain}` } }] };
  const zones = await tx.dnsZone.findMany({ where, select: { name: true }, orderBy: { name: "asc" } });
  if (zones.length) await tx.dnsZone.updateMany({ where, data: { clientId } });
  return zones.map((z) => z.name);
}
