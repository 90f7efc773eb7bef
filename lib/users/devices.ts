import "server-only";
import { revokeUserCredentials } from "../auth/session/revoke-credentials";
import { requirePermission, type Actor } from "../auth/actor";
import { revoking } from "../auth/request/revocations";
import { db } from "../db";
import { scopedUser } from "./list-users";
import { auditedCall, isId } from "../kit";

// Another person's devices, for the user page: their live sessions (browsers and apps) and
// passkeys, and "sign out everywhere" for a lost phone or a leaver. Operators only
// (user:devices): where someone signs in from is personal, and a CLIENT_ADMIN has no need for it.

export type UserDevices = {
  sessions: {
    id: string;
    userAgent: string | null;
    ipAddress: string | null;
    createdAt: Date;
    lastSeenAt: Date;
    app: boolean;
  }[];
  passkeys: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }[];
};

/** Our account behind a directory id: users.id for local accounts, external_id for Authentik's. */
async function accountOf(id: string): Promise<string | null> {
  const row = await db().user.findFirst({
    where: { OR: [...(isId(id) ? [{ id }] : []), { externalId: id }] },
    select: { id: true },
  });
  return row?.id ?? null;
}

export async function listUserDevices({ actor, id }: { actor: Actor; id: string }): Promise<UserDevices> {
  requirePermission(actor, "user:devices");
  await scopedUser(actor, "user:read", id); // NOT_FOUND for nobody
  const userId = await accountOf(id);
  if (!userId) return { sessions: [], passkeys: [] };
  const [sessions, passkeys] = await Promise.all([
    db().session.findMany({
      where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true, userAgent: true, ipAddress: true, createdAt: true, lastSeenAt: true, refreshTokenHash: true },
      orderBy: { lastSeenAt: "desc" },
    }),
    db().passkey.findMany({
      where: { userId },
      select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  return {
    sessions: sessions.map(({ refreshTokenHash, ...s }) => ({ ...s, app: refreshTokenHash !== null })),
    passkeys,
  };
}

/** Signs the user out on every device (browser sessions and app refresh-token families) and
 *  revokes their API tokens (ADR 027). Returns the count of sessions. */
export async function signOutUserEverywhere({ actor, id }: { actor: Actor; id: string }): Promise<number> {
  // The directory lookups run outside the revoking transaction (PGlite has one connection: a read
  // outside an open transaction would wait for it), so the audit row follows (auditedCall).
  return revoking(
    id,
    "user.sessions.revoke_all",
    auditedCall(actor, "user.sessions.revoke_all", { type: "user", id }, async () => {
      requirePermission(actor, "user:devices");
      const user = await scopedUser(actor, "user:read", id);
      const userId = await accountOf(id);
      const revoked = userId
        ? await db().$transaction((tx) => revokeUserCredentials(tx, userId, { apiTokens: true }))
        : { sessions: 0, apiTokens: 0 };
      return {
        result: revoked.sessions,
        details: { username: user.username, count: revoked.sessions, apiAccessRevoked: revoked.apiTokens },
      };
    }),
  );
}
