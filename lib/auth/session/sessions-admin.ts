import "server-only";
import { revokeUserCredentials } from "./revoke-credentials";
import { db } from "../../db";
import { AppError } from "../../errors";
import { audited } from "../../kit";
import { requirePermission, type Actor } from "../actor";
import { revoking } from "../request/revocations";

// "Where am I signed in": the live sessions of the actor, one per device (a refresh-token
// family has at most one live row), with sign-out per device and everywhere.

/** Marks a session as seen, at most once a minute so a busy client does not write per request. */
export async function touchSession(sessionId: string) {
  const now = new Date();
  await db().session.updateMany({
    where: { id: sessionId, lastSeenAt: { lt: new Date(now.getTime() - 60_000) } },
    data: { lastSeenAt: now },
  });
}

export type SessionView = {
  id: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** true for a device that uses refresh tokens (an app or script), false for a browser */
  app: boolean;
  current: boolean;
};

export async function listMySessions({
  actor,
  currentSessionId,
}: {
  actor: Actor;
  currentSessionId?: string | null;
}): Promise<SessionView[]> {
  requirePermission(actor, "token:manage-own");
  const rows = await db().session.findMany({
    where: { userId: actor.userId, revokedAt: null, expiresAt: { gt: new Date() } },
    select: {
      id: true,
      userAgent: true,
      ipAddress: true,
      createdAt: true,
      lastSeenAt: true,
      expiresAt: true,
      refreshTokenHash: true,
    },
    orderBy: { lastSeenAt: "desc" },
  });
  return rows.map(({ refreshTokenHash, ...r }) => ({
    ...r,
    app: refreshTokenHash !== null,
    current: r.id === currentSessionId,
  }));
}

/** Signs one device out: its session row and, for an app, its whole refresh-token family. */
export async function revokeMySession({ actor, id }: { actor: Actor; id: string }) {
  requirePermission(actor, "token:manage-own");
  return revoking(
    actor.userId,
    "session.revoke",
    audited(actor, "session.revoke", { type: "session", id }, async (tx) => {
      const row = await tx.session.findFirst({
        where: { id, userId: actor.userId, revokedAt: null },
        select: { familyId: true },
      });
      if (!row) throw new AppError("NOT_FOUND", "No such active session");
      await tx.session.updateMany({
        where: { familyId: row.familyId, userId: actor.userId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      return { result: true };
    }),
  );
}

/** "Sign out everywhere": every live session of the actor, this one included, every app's
 *  refresh-token family and every API token (ADR 027: always, it is what someone who fears a
 *  stolen credential means). Returns the count of sessions. */
export async function revokeAllMySessions({ actor }: { actor: Actor }) {
  requirePermission(actor, "token:manage-own");
  return revoking(
    actor.userId,
    "session.revoke_all",
    audited(actor, "session.revoke_all", { type: "session" }, async (tx) => {
      const revoked = await revokeUserCredentials(tx, actor.userId, { apiTokens: true });
      return { result: revoked.sessions, details: { count: revoked.sessions, apiAccessRevoked: revoked.apiTokens } }; // a key named "…token…" is redacted by the audit
    }),
  );
}
