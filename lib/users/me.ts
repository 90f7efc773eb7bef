import "server-only";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors";

/** The signed-in user's own record, with roles and permissions as the actor holds them. */
export async function me({ actor }: { actor: Actor }) {
  const user = await db().user.findUnique({
    where: { id: actor.userId },
    select: { id: true, username: true, email: true, fullName: true, isActive: true, lastLogin: true, source: true },
  });
  if (!user) throw new AppError("NOT_FOUND", "User not found");
  return { ...user, roles: actor.roles, permissions: [...actor.permissions].sort(), clientIds: actor.clientIds };
}
