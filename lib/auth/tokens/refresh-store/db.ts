import "server-only";
import { isIP } from "node:net";
import { db } from "../../../db";
import { newSecret, sha256 } from "../tokens";
import { auditRefresh, revokeFamilyOnReuse } from "./family";
import { grantError, refreshExpiry, type RefreshStore } from "./types";

// Refresh tokens in the sessions table (no Redis). A row holds the SHA-256 of its one token. A
// refresh closes the family's live row and opens the next one with a new token, so a family has
// at most one live row (one line on the Sessions page) and the old access JWT dies with its row.
// A token whose row is closed *and* has a successor was already used: replay, family revoked.
// A closed row without successor is a device that signed out: refused without the alarm.
// A family lives 30 days from its sign-in: every row carries the first row's expiry.
export const databaseRefreshStore: RefreshStore = {
  kind: "database",

  async start(session) {
    const token = newSecret("snr");
    await db().session.update({
      where: { id: session.id },
      data: { refreshTokenHash: sha256(token), expiresAt: refreshExpiry() },
    });
    return token;
  },

  async rotate(refreshToken, ctx) {
    const row = await db().session.findUnique({
      where: { refreshTokenHash: sha256(refreshToken) },
      select: { id: true, userId: true, familyId: true, createdAt: true, expiresAt: true },
    });
    if (!row) throw grantError("Unknown refresh token");
    // Closing the row is the one atomic step: of two concurrent uses only one gets count 1.
    const now = new Date();
    const { count } =
      row.expiresAt > now
        ? await db().session.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt: now } })
        : { count: 0 };
    if (count === 0) {
      const successor = await db().session.findFirst({
        where: { familyId: row.familyId, id: { not: row.id }, createdAt: { gte: row.createdAt } },
        select: { id: true },
      });
      if (successor) await revokeFamilyOnReuse({ sessionId: row.id, userId: row.userId, familyId: row.familyId }, ctx);
      throw grantError(row.expiresAt <= now ? "Refresh token expired" : "Session signed out");
    }
    const token = newSecret("snr");
    const next = await db().session.create({
      data: {
        // the family's end, set at sign-in, is inherited: rotation never extends it (ADR 027)
        userId: row.userId,
        familyId: row.familyId,
        refreshTokenHash: sha256(token),
        expiresAt: row.expiresAt,
        userAgent: ctx.userAgent?.slice(0, 1000) ?? null,
        ipAddress: ctx.ip && isIP(ctx.ip) ? ctx.ip : null,
      },
      select: { id: true },
    });
    await auditRefresh({ userId: row.userId, familyId: row.familyId, previous: row.id, next: next.id }, ctx);
    return { sessionId: next.id, userId: row.userId, refreshToken: token };
  },
};
