import "server-only";
import { clientScope, type Actor } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import { db, type Prisma } from "../db";
import { AppError } from "../errors";
import { denyUnless, isId, refuse } from "../kit";
import { normaliseName } from "./names";

// Tenant rule: SUPER_ADMIN (and DEVELOPER for reading) reach every zone; a client's users reach
// the zones that belong to their client (dns_zones.client_id), with the role they hold for that
// client, while the client is not deleted. Never by name: a zone's name says nothing about who
// may reach it (docs/decisions/025-zone-ownership-and-domain-hierarchy.md). Everything else is
// simply not found.

/** Prisma `where` for the zones the actor reaches with `permission`. */
export function zoneScope(actor: Actor, permission: Permission): Prisma.DnsZoneWhereInput {
  const scope = clientScope(actor, permission);
  if (scope === "all") return {};
  return { clientId: { in: scope }, client: { is: { deletedAt: null } } };
}

/** A zone by name or id, or null when missing or outside the actor's scope. */
export async function findZone(actor: Actor, ref: string, permission: Permission) {
  const key = isId(ref) ? { id: ref } : { name: normaliseName(ref) };
  return db().dnsZone.findFirst({ where: { AND: [key, zoneScope(actor, permission)] } });
}

/** A zone the actor may change records in, else NOT_FOUND (audited as denied: no existence leak
 *  to the caller, but the attempt is on record). */
export async function writableZone(actor: Actor, ref: string, action: string) {
  const attempt = { action, resource: { type: "dns_zone", id: ref } };
  await denyUnless(actor, "dns:write", attempt);
  const zone = await findZone(actor, ref, "dns:write");
  return (
    zone ?? refuse(actor, attempt, "zone not found in the actor's scope", new AppError("NOT_FOUND", "Zone not found"))
  );
}
