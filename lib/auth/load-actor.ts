import "server-only";
import type { Actor } from "./actor";
import { actorOfRow, userActorRow } from "./actor-row";

/** Builds the actor of an active user from the database (roles are read fresh per request, so a
 *  role change applies at once). Returns null for an unknown or inactive user. One statement:
 *  user, roles and memberships together (lib/auth/actor-row.ts). */
export async function loadActor(
  userId: string,
  ctx: { ip: string | null; userAgent: string | null; via: Actor["via"]; subject?: string | null },
): Promise<Actor | null> {
  const row = await userActorRow(userId);
  return row ? actorOfRow(row, ctx) : null;
}
