import "server-only";
import type { Actor } from "../auth/actor";
import { mapGroups, type GroupMapping } from "../identity/group-pattern-match";
import { localGroupGrants, mergeMemberships } from "../identity/local-group-roles";
import { clientRoleOf, permissionsOf, ROLES, type Role } from "../auth/permissions";
import { clientWhere } from "../clients/scope";
import { select as clientSelect } from "../clients/list-clients";
import { db } from "../db";
import type { DirectoryUser } from "../directory";
import { isId } from "../kit/ids";

// A directory user with what the console adds: the clients (user_clients, within the actor's
// own client scope) and the roles. Built for a whole list at once: a few queries, not a few per user.
// The roles are exactly what the user's actor gets (lib/auth/request/actor-row.ts): stored global roles,
// client memberships, and for a local account what its local groups grant (ADR 027) — never
// roles guessed from group names that the actor would not hold.

export type UserClientRef = Awaited<ReturnType<typeof loadClients>>[number] & { role: "admin" | "user" };
export type UserView = DirectoryUser & { clients: UserClientRef[]; roles: Role[] };

const loadClients = (actor: Actor, ids: string[]) =>
  db().client.findMany({
    where: { AND: [{ id: { in: ids } }, clientWhere(actor, "client:read")] },
    select: clientSelect,
  });

/** Roles group names map to under `mapping` (the mapping in force: effectiveGroupMapping). */
export function rolesOfGroups(names: string[], mapping: GroupMapping): Role[] {
  const mapped = mapGroups(names, mapping);
  const client = mapped.clientMemberships.map((m): Role => (m.role === "admin" ? "CLIENT_ADMIN" : "CLIENT_USER"));
  return ROLES.filter((r) => mapped.globalRoles.includes(r) || client.includes(r));
}

/** The permissions of the roles a group maps to, as strings (GraphQL Group.permissions). */
export const groupPermissions = (name: string, mapping: GroupMapping): string[] =>
  [...permissionsOf(rolesOfGroups([name], mapping))].sort();

export async function toViews(actor: Actor, users: DirectoryUser[]): Promise<UserView[]> {
  const ids = users.map((u) => u.id);
  const uuids = ids.filter((id) => isId(id));
  const [stored, granted] = [
    await db().user.findMany({ where: { id: { in: uuids } }, select: { id: true, roles: true } }),
    await localGroupGrants(uuids),
  ];
  const rawLinks = await db().userClient.findMany({
    where: { userId: { in: ids } },
    select: { userId: true, clientId: true, role: true },
  });
  const links = ids.flatMap((userId) =>
    mergeMemberships(
      rawLinks.filter((l) => l.userId === userId),
      granted.get(userId)?.clients ?? [],
    ).map((m) => ({ ...m, userId })),
  );
  const clients = new Map((await loadClients(actor, [...new Set(links.map((l) => l.clientId))])).map((c) => [c.id, c]));
  const globalRoles = new Map(stored.map((s) => [s.id, [...s.roles, ...(granted.get(s.id)?.globalRoles ?? [])]]));
  return users.map((u) => {
    const mine = links.filter((l) => l.userId === u.id && clients.has(l.clientId));
    const held = new Set<Role>([...(globalRoles.get(u.id) ?? []), ...mine.map((l) => clientRoleOf(l.role))]);
    return {
      ...u,
      clients: mine.map((l) => ({ ...clients.get(l.clientId)!, role: l.role === "admin" ? "admin" : "user" })),
      roles: ROLES.filter((r) => held.has(r)),
    };
  });
}
