import "server-only";
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import { recordAudit } from "../audit/record";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "./access-jwt";
import { loadActor } from "./load-actor";
import { consume } from "./rate-limit";
import { signInWithPassword, type SignInContext } from "./sign-in";
import { newSecret, sha256 } from "./tokens";

// Refresh tokens (seed rules): opaque, 30 days, one-time use, rotated at every refresh.
// One device = one session family; each refresh closes the family's current row and opens the
// next one, so a family has at most one live row. A refresh token whose row was already
// rotated away (a successor exists) is a replay — someone holds a copy — so the whole family
// is revoked: the thief and the legitimate holder both have to sign in again.
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

export type TokenResponse = { access_token: string; token_type: "Bearer"; expires_in: number; refresh_token: string };

/** An OAuth error code for the token endpoint ("invalid_grant", ...), carried by the AppError. */
function grantError(message: string, oauth = "invalid_grant") {
  return new AppError("UNAUTHENTICATED", message, { oauth });
}

async function issue(sessionId: string, userId: string, ctx: SignInContext): Promise<TokenResponse> {
  const actor = await loadActor(userId, { ...ctx, via: "token" });
  if (!actor) throw grantError("Account unavailable");
  const refresh = newSecret("snr");
  await db().session.update({
    where: { id: sessionId },
    data: { refreshTokenHash: sha256(refresh), expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000) },
  });
  return { access_token: await signAccessToken(actor, sessionId), token_type: "Bearer", expires_in: ACCESS_TOKEN_TTL_SECONDS, refresh_token: refresh };
}

const passwordInput = z.object({ username: z.string().optional(), login: z.string().optional(), password: z.string() });

/** grant_type=password: the same audited, per-IP rate-limited sign-in as the sign-in page. */
export async function passwordGrant(input: Record<string, unknown>, ctx: SignInContext): Promise<TokenResponse> {
  await consume("signin", ctx.ip ?? "unknown");
  const parsed = passwordInput.safeParse(input);
  if (!parsed.success) throw new AppError("VALIDATION", "username and password are required", { oauth: "invalid_request" });
  const user = await signInWithPassword({ login: parsed.data.username ?? parsed.data.login, password: parsed.data.password }, ctx);
  if (!user) throw grantError("Wrong login or password");
  return issue(user.sessionId, user.id, ctx);
}

/** grant_type=refresh_token: rotate, or on replay revoke the whole family. */
export async function refreshGrant(refreshToken: unknown, ctx: SignInContext): Promise<TokenResponse> {
  if (typeof refreshToken !== "string" || !refreshToken.startsWith("snr_") || refreshToken.length > 200) {
    throw new AppError("VALIDATION", "refresh_token is required", { oauth: "invalid_request" });
  }
  const row = await db().session.findUnique({
    where: { refreshTokenHash: sha256(refreshToken) },
    select: { id: true, userId: true, familyId: true, createdAt: true, expiresAt: true, revokedAt: true },
  });
  if (!row) throw grantError("Unknown refresh token");
  // Closing the row is the one atomic step: of two concurrent uses only one gets count 1.
  const now = new Date();
  const { count } = row.expiresAt > now
    ? await db().session.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt: now } })
    : { count: 0 };
  if (count === 0) {
    const successor = await db().session.findFirst({ where: { familyId: row.familyId, id: { not: row.id }, createdAt: { gte: row.createdAt } }, select: { id: true } });
    if (successor) {
      const revoked = await db().session.updateMany({ where: { familyId: row.familyId, revokedAt: null }, data: { revokedAt: now } });
      await recordAudit({
        userId: row.userId, action: "auth.refresh.reuse", resourceType: "session", resourceId: row.id,
        ip: ctx.ip, userAgent: ctx.userAgent, result: "denied", details: { familyId: row.familyId, revokedSessions: revoked.count },
      });
      throw grantError("Refresh token already used: every session of this device was signed out");
    }
    throw grantError(row.expiresAt <= now ? "Refresh token expired" : "Session signed out");
  }
  const next = await db().session.create({
    data: {
      userId: row.userId, familyId: row.familyId,
      userAgent: ctx.userAgent?.slice(0, 1000) ?? null,
      ipAddress: ctx.ip && (await import("node:net")).isIP(ctx.ip) ? ctx.ip : null,
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
    },
    select: { id: true },
  });
  await recordAudit({
    userId: row.userId, action: "auth.refresh", resourceType: "session", resourceId: next.id,
    ip: ctx.ip, userAgent: ctx.userAgent, result: "success", details: { familyId: row.familyId, previous: row.id },
  });
  return issue(next.id, row.userId, ctx);
}
