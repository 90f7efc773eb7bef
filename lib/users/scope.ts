import "server-only";
import { clientScope, type Actor } from "../auth/actor";
import { GLOBAL_ROLES, type Permission } from "../auth/permissions";
import { db, type Prisma } from "../db";
import { localGroupGrants } from "../identity/local-group-roles";

/**
 * The users an actor may see or change with `permission`: "all" for global roles, else the users
 * of the clients the actor administers (user_clients). It becomes the directory filter's `ids`,
 * so a user of another tenant is simply not found.
 */
export async function userScope(actor: Actor, permission: Permission): Promise<"all" | string[]> {
  const clients = clientScope(actor, permission);
  if (clients === "all") return "all";
  if (clients.length === 0) return [];
  const rows = await db().userClient.findMany({
    where: { clientId: { in: clients }, client: { deletedAt: null } },
    select: { userId: true },
    distinct: ["userId"],
  });
  return rows.map((r) => r.userId);
}

export const inScope = (scope: "all" | string[], userId: string) => scope === "all" || scope.includes(userId);

/**
 * Is the user wholly the actor's to change with `permission`: a global actor, or a user who holds
 * no global role and belongs to no (live) client outside the actor's scope? A CLIENT_ADMIN of B
 * sees a person B shares with A, but setting their password or e-mail, or pulling them in by
 * name, would be a way into A (docs/decisions/017-tenant-isolation-suite.md).
 */
export async function userWhollyInScope(
  actor: Actor,
  permission: Permission,
  userId: string,
  tx: Pick<Prisma.TransactionClient, "user" | "userClient" | "groupMember" | "groupRoleMapping" | "client"> = db(),
): Promise<boolean> {
  const clients = clientScope(actor, permission);
  if (clients === "all") return true;
  // One after the other: inside a transaction (PGlite has a single connection) they queue anyway.
  const user = await tx.user.findUnique({ where: { id: userId }, select: { roles: true } });
  const elsewhere = await tx.userClient.count({
    where: { userId, clientId: { notIn: clients }, client: { deletedAt: null } },
  });
  // what the user's local groups grant counts as held (ADR 027), clients included
  const granted = (await localGroupGrants([userId], tx)).get(userId);
  const roles = [...(user?.roles ?? []), ...(granted?.globalRoles ?? [])];
  const grantedElsewhere = (granted?.clients ?? []).some((c) => !clients.includes(c.clientId));
  return elsewhere === 0 && !grantedElsewhere && !roles.some((r) => GLOBAL_ROLES.includes(r));
}
