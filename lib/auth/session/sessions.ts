import "server-only";
import { db } from "../../db";

// A signed-in device. The next-auth JWT carries the session id; revoking the row signs that
// device out at its next request even though the JWT is still within its hour.
export const SESSION_TTL_SECONDS = 60 * 60;

export async function openSession(userId: string, ctx: { ip: string | null; userAgent: string | null }) {
  const { isIP } = await import("node:net");
  return db().session.create({
    data: {
      userId,
      userAgent: ctx.userAgent?.slice(0, 1000) ?? null,
      ipAddress: ctx.ip && isIP(ctx.ip) ? ctx.ip : null,
      expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000),
    },
    select: { id: true },
  });
}

/** True when the session exists, belongs to the user, and is neither revoked nor expired. */
export async function sessionIsLive(sessionId: string, userId: string): Promise<boolean> {
  const s = await db().session.findUnique({
    where: { id: sessionId },
    select: { userId: true, revokedAt: true, expiresAt: true },
  });
  return !!s && s.userId === userId && !s.revokedAt && s.expiresAt > new Date();
}

export async function revokeSession(sessionId: string) {
  await db().session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Sign-out: revoke the session and record it. */
export async function signOutSession(sessionId: string, userId: string) {
  await revokeSession(sessionId);
  const { recordAudit } = await import("../../audit/record");
  await recordAudit({
    userId,
    action: "auth.signout",
    resourceType: "session",
    resourceId: sessionId,
    result: "success",
  });
  const { announceRevoked } = await import("../request/revocations");
  await announceRevoked(userId, "auth.signout");
}
