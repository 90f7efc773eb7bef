import "server-only";
import { db, type Prisma } from "../db";
import { effectiveGroupMapping } from "./role-mapping-settings";
import { mapGroups, type GroupMapping } from "./group-pattern-match";
import type { Role } from "../auth/permissions";

// A local account's roles from its local groups (docs/decisions/027-local-roles-credentials-passwords.md).
// The group mapping that gives Authentik accounts their roles applies to local groups too: a local
// user in "developers" IS a DEVELOPER. Computed when read — by the actor of every request, the user
// pages and the tenant checks — never stored, so a membership or mapping change applies to the very
// next request of every session and API token, and what the console shows is what the user gets.
// Authentik accounts are not touched: their roles are stored by storeAuthentikRoles at sign-in and sync.

export type GroupGrants = { globalRoles: Role[]; clients: { clientId: string; role: "admin" | "user" }[] };
type Client = Pick<Prisma.TransactionClient, "groupRoleMapping" | "client">;

export const NO_GRANTS: GroupGrants = { globalRoles: [], clients: [] };

/** What these local group names grant through the mapping in force; client roles of live clients only. */
export async function grantsOfGroups(
  names: string[],
  client: Client = db(),
  known?: GroupMapping,
): Promise<GroupGrants> {
  if (!names.length) return NO_GRANTS;
  const mapping = known ?? (await effectiveGroupMapping(client)).mapping;
  const mapped = mapGroups(names, mapping);
  if (!mapped.clientMemberships.length) return { globalRoles: mapped.globalRoles, clients: [] };
  const rows = await client.client.findMany({
    where: { domain: { in: mapped.clientMemberships.map((m) => m.domain) }, deletedAt: null },
    select: { id: true, domain: true },
  });
  const idOf = new Map(rows.map((r) => [r.domain, r.id]));
  return {
    globalRoles: mapped.globalRoles,
    clients: mapped.clientMemberships.flatMap((m) =>
      idOf.has(m.domain) ? [{ clientId: idOf.get(m.domain)!, role: m.role }] : [],
    ),
  };
}

type Tx = Client & Pick<Prisma.TransactionClient, "groupMember">;

/** The local groups of these local accounts (Authentik accounts and groups are left out). */
export async function localGroupNames(
  userIds: string[],
  client: Pick<Prisma.TransactionClient, "groupMember"> = db(),
): Promise<Map<string, string[]>> {
  const rows = userIds.length
    ? await client.groupMember.findMany({
        where: { userId: { in: userIds }, user: { source: "local" }, group: { source: "local" } },
        select: { userId: true, group: { select: { name: true } } },
      })
    : [];
  const names = new Map<string, string[]>();
  for (const r of rows) names.set(r.userId, [...(names.get(r.userId) ?? []), r.group.name]);
  return names;
}

/** Grants per user, for a list of users at once (one mapping read for all). */
export async function localGroupGrants(userIds: string[], client: Tx = db()): Promise<Map<string, GroupGrants>> {
  const names = await localGroupNames(userIds, client);
  const out = new Map<string, GroupGrants>();
  if (!names.size) return out;
  const { mapping } = await effectiveGroupMapping(client);
  for (const [userId, groups] of names) out.set(userId, await grantsOfGroups(groups, client, mapping));
  return out;
}

/** Client memberships merged: the stronger role wins for a client held both ways. */
export function mergeMemberships<T extends { clientId: string; role: string }>(
  stored: T[],
  granted: GroupGrants["clients"],
): { clientId: string; role: string }[] {
  const roles = new Map<string, string>(stored.map((m) => [m.clientId, m.role]));
  for (const g of granted) if (roles.get(g.clientId) !== "admin") roles.set(g.clientId, g.role);
  return [...roles].map(([clientId, role]) => ({ clientId, role }));
}
