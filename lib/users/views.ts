import "server-only";
import type { Actor } from "../auth/actor";
import { mapGroups } from "../auth/group-mapping";
import { groupMappingFromConfig } from "../auth/oidc-sign-in";
import { clientRoleOf, permissionsOf, ROLES, type Role } from "../auth/permissions";
import { clientWhere } from "../clients/scope";
import { select as clientSelect } from "../clients/list-clients";
import { db } from "../db";
import type { DirectoryUser } from "../directory";

// A directory user with what the console adds: the clients (user_clients, within the actor's
// own client scope) and the roles. Built for a whole list at once: two queries, not 2 per user.

export type UserClientRef = Awaited<ReturnType<typeof loadClients>>[number] & { role: "admin" | "user" };
export type UserView = DirectoryUser & { clients: UserClientRef[]; roles: Role[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const loadClients = (actor: Actor, ids: string[]) =>
  db().client.findMany({ where: { AND: [{ id: { in: ids } }, clientWhere(actor, "client:read")] }, select: clientSelect });

/** Roles a group name maps to (the OIDC group mapping, ADR 002). */
export function rolesOfGroups(names: string[]): Role[] {
  const mapped = mapGroups(names, groupMappingFromConfig());
  const client = mapped.clientMemberships.map((m): Role => (m.role === "admin" ? "CLIENT_ADMIN" : "CLIENT_USER"));
  return ROLES.filter((r) => mapped.globalRoles.includes(r) || client.includes(r));
}

/** The permissions of the roles a group maps to, as strings (GraphQL Group.permissions). */
export const groupPermissions = (name: string): string[] => [...permissionsOf(rolesOfGroups([name]))].sort();

export async function toViews(actor: Actor, users: DirectoryUser[]): Promise<UserView[]> {
  const ids = users.map((u) => u.id);
  const [links, stored] = await Promise.all([
    db().userClient.findMany({ where: { userId: { in: ids } }, select: { userId: true, clientId: true, role: true } }),
    db().user.findMany({ where: { id: { in: ids.filter((id) => UUID.test(id)) } }, select: { id: true, roles: true } }),
  ]);
  const clients = new Map((await loadClients(actor, [...new Set(links.map((l) => l.clientId))])).map((c) => [c.id, c]));
  const globalRoles = new Map(stored.map((s) => [s.id, s.roles]));
  return users.map((u) => {
    const mine = links.filter((l) => l.userId === u.id && clients.has(l.clientId));
    const held = new Set<Role>([...(globalRoles.get(u.id) ?? []), ...rolesOfGroups(u.groups.map((g) => g.name)), ...mine.map((l) => clientRoleOf(l.role))]);
    return {
      ...u,
      clients: mine.map((l) => ({ ...clients.get(l.clientId)!, role: l.role === "admin" ? "admin" : "user" })),
      roles: ROLES.filter((r) => held.has(r)),
    };
  });
}
