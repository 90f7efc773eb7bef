import "server-only";
import { clientScope, type Actor } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import { db } from "../db";

/**
 * The users an actor may see or change with `permission`: "all" for global roles, else the users
 * of the clients the actor administers (user_clients). It becomes the directory filter's `ids`,
 * so a user of another tenant is simply not found.
 */
export async function userScope(actor: Actor, permission: Permission): Promise<"all" | string[]> {
  const clients = clientScope(actor, permission);
  if (clients === "all") return "all";
  if (clients.length === 0) return [];
  const rows = await db().userClient.findMany({ where: { clientId: { in: clients }, client: { deletedAt: null } }, select: { userId: true }, distinct: ["userId"] });
  return rows.map((r) => r.userId);
}

export const inScope = (scope: "all" | string[], userId: string) => scope === "all" || scope.includes(userId);
