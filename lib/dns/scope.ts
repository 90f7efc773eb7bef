import "server-only";
import { can, clientScope, type Actor } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import { auditDenied } from "../audit/audited";
import { db, type Prisma } from "../db";
import { AppError } from "../errors";
import { isWithin, stripDot } from "./names";

// Tenant rule: SUPER_ADMIN (and DEVELOPER for reading) reach every zone; a client's users reach
// the zones whose name is their client's domain or below it (clients.domain), with the role they
// hold for that client. Everything else is simply not found.

type Scope = "all" | string[];

async function domainsIn(actor: Actor, permission: Permission): Promise<Scope> {
  const scope = clientScope(actor, permission);
  if (scope === "all") return "all";
  if (scope.length === 0) return [];
  const clients = await db().client.findMany({ where: { id: { in: scope }, deletedAt: null }, select: { domain: true } });
  return clients.map((c) => stripDot(c.domain.toLowerCase()));
}

export function zoneInScope(name: string, domains: Scope): boolean {
  return domains === "all" || domains.some((d) => isWithin(name, d));
}

/** Prisma `where` for the zones the actor reaches with `permission` (refine with zoneInScope:
 *  LIKE patterns are only the coarse filter). */
export async function zoneScope(actor: Actor, permission: Permission): Promise<{ where: Prisma.DnsZoneWhereInput; domains: Scope }> {
  const domains = await domainsIn(actor, permission);
  if (domains === "all") return { where: {}, domains };
  if (domains.length === 0) return { where: { id: { in: [] } }, domains };
  return { where: { OR: domains.flatMap((d) => [{ name: d }, { name: { endsWith: `.${d}` } }]) }, domains };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A zone by name or id, or null when missing or outside the actor's scope. */
export async function findZone(actor: Actor, ref: string, permission: Permission) {
  const { where, domains } = await zoneScope(actor, permission);
  const key = UUID.test(ref) ? { id: ref } : { name: stripDot(ref.trim().toLowerCase()) };
  const zone = await db().dnsZone.findFirst({ where: { AND: [key, where] } });
  return zone && zoneInScope(zone.name, domains) ? zone : null;
}

/** The permission check of a change, with its denied attempt in the audit log. */
export async function requireDnsPermission(actor: Actor, permission: Permission, action: string, resource: { type: string; id?: string | null }) {
  if (can(actor, permission)) return;
  await auditDenied(actor, action, resource, `missing permission ${permission}`);
  throw new AppError("FORBIDDEN", `Missing permission ${permission}`, { permission });
}

/** A zone the actor may change records in, else NOT_FOUND (audited as denied: no existence leak
 *  to the caller, but the attempt is on record). */
export async function writableZone(actor: Actor, ref: string, action: string) {
  await requireDnsPermission(actor, "dns:write", action, { type: "dns_zone", id: ref });
  const zone = await findZone(actor, ref, "dns:write");
  if (!zone) {
    await auditDenied(actor, action, { type: "dns_zone", id: ref }, "zone not found in the actor's scope");
    throw new AppError("NOT_FOUND", "Zone not found");
  }
  return zone;
}
