import "server-only";
import { db } from "../../db";
import { events } from "../../events";
import { isId } from "../../kit/ids";

// A user's rights shrank: tell every instance, so that user's open live streams re-check at once
// (lib/auth/request/stream-rights.ts) instead of at their next periodic re-check. Called after the change
// is committed, so the re-check reads the new state. The periodic re-check stays the guarantee:
// a lost announcement (Redis away) delays the close, it never keeps a stream open for good.

/** Our users.id behind a users.id or a directory (Authentik) id; null for nobody. */
export async function accountIdOf(user: string): Promise<string | null> {
  const row = await db().user.findFirst({
    where: { OR: [...(isId(user) ? [{ id: user }] : []), { externalId: user }] },
    select: { id: true },
  });
  return row?.id ?? null;
}

/** Awaits a committed change that took rights from `user`, then announces it; returns its result. */
export async function revoking<T>(user: string | null, reason: string, change: Promise<T>): Promise<T> {
  const result = await change;
  await announceRevoked(user, reason);
  return result;
}

/** `user`: our users.id or a directory (Authentik) id; null when anyone may be affected (a
 *  client deleted, a group mapping changed). */
export async function announceRevoked(user: string | null, reason: string): Promise<void> {
  try {
    // a users.id whose row is gone (a deleted account) still names that account's open streams
    const userId = user === null ? null : ((await accountIdOf(user)) ?? (isId(user) ? user : null));
    if (user !== null && !userId) return; // nobody of ours: no stream to close
    await events().publish("auth.revoked", { userId, reason });
  } catch (err) {
    console.error(
      `[auth] could not announce ${reason}; open streams close at their next re-check:`,
      (err as Error).message,
    );
  }
}
