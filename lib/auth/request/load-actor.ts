import "server-only";
import type { Actor } from "../actor";
import { actorOfRow, userActorRow } from "./actor-row";
import { apiTokenIsLive } from "../tokens/api-tokens";
import { sessionIsLive } from "../session/sessions";

/** Builds the actor of an active user from the database (roles are read fresh per request, so a
 *  role change applies at once). Returns null for an unknown or inactive user. One statement:
 *  user, roles and memberships together (lib/auth/request/actor-row.ts). */
export async function loadActor(
  userId: string,
  ctx: { ip: string | null; userAgent: string | null; via: Actor["via"]; subject?: string | null },
): Promise<Actor | null> {
  const row = await userActorRow(userId);
  return row ? actorOfRow(row, ctx) : null;
}

/** The same actor as its credential stands now, for a long-lived request (a live stream): null
 *  when its session (device) or API token was revoked or expired, or the user is inactive;
 *  otherwise the actor with its current roles and memberships. */
export async function reloadActor(actor: Actor): Promise<Actor | null> {
  const [kind, id] = (actor.subject ?? "").split(":", 2);
  if (kind === "session" && !(await sessionIsLive(id!, actor.userId))) return null;
  if (kind === "token" && !(await apiTokenIsLive(id!, actor.userId))) return null;
  return loadActor(actor.userId, { ip: actor.ip, userAgent: actor.userAgent, via: actor.via, subject: actor.subject });
}
