import "server-only";
import { db } from "../db";
import { clientRoleOf, type Role } from "./permissions";
import { makeActor, type Actor } from "./actor";

/** Builds the actor of an active user from the database (roles are read fresh per request, so a
 *  role change applies at once). Returns null for an unknown or inactive user. */
export async function loadActor(
  userId: string,
  ctx: { ip: string | null; userAgent: string | null; via: Actor["via"] },
): Promise<Actor | null> {
  const [user, memberships] = await Promise.all([
    db().user.findUnique({ where: { id: userId }, select: { id: true, username: true, roles: true, isActive: true } }),
    db().userClient.findMany({
      where: { userId, client: { deletedAt: null } },
      select: { clientId: true, role: true },
    }),
  ]);
  if (!user || !user.isActive) return null;
  return makeActor({
    userId: user.id,
    username: user.username,
    globalRoles: user.roles as Role[],
    clientRoles: memberships.map((m) => ({ clientId: m.clientId, role: clientRoleOf(m.role) })),
    ...ctx,
  });
}
