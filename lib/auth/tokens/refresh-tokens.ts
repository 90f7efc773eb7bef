import "server-only";
import { z } from "zod";
import { db } from "../../db";
import { AppError } from "../../errors";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "./access-jwt";
import { loadActor } from "../request/load-actor";
import { consume } from "../session/rate-limit";
import { grantError, refreshStore } from "./refresh-store";
import { signInWithPassword, type SignInContext } from "../session/sign-in";

// The token endpoint's grants (seed "Token Structure"): an access JWT of one hour plus a refresh
// token that is opaque, 30 days, one-time use and rotated at every refresh; a token presented
// twice revokes its whole family (lib/auth/refresh-store: Redis when configured, else the
// sessions table). One device = one session family = one line on the Sessions page.
export type TokenResponse = { access_token: string; token_type: "Bearer"; expires_in: number; refresh_token: string };

async function respond(
  sessionId: string,
  userId: string,
  refreshToken: string,
  ctx: SignInContext,
): Promise<TokenResponse> {
  const actor = await loadActor(userId, { ...ctx, via: "token" });
  if (!actor) throw grantError("Account unavailable");
  return {
    access_token: await signAccessToken(actor, sessionId),
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    refresh_token: refreshToken,
  };
}

/** Tokens for a session row a sign-in has just opened (password grant, code exchange). */
export async function tokensForNewSession(sessionId: string, ctx: SignInContext): Promise<TokenResponse> {
  const session = await db().session.findUniqueOrThrow({
    where: { id: sessionId },
    select: { id: true, userId: true, familyId: true },
  });
  const refresh = await refreshStore().start(session);
  return respond(session.id, session.userId, refresh, ctx);
}

const passwordInput = z.object({ username: z.string().optional(), login: z.string().optional(), password: z.string() });

/** grant_type=password: the same audited, per-IP and per-account limited sign-in as the page. */
export async function passwordGrant(input: Record<string, unknown>, ctx: SignInContext): Promise<TokenResponse> {
  await consume("signin", ctx.ip ?? "unknown");
  const parsed = passwordInput.safeParse(input);
  if (!parsed.success)
    throw new AppError("VALIDATION", "username and password are required", { oauth: "invalid_request" });
  const user = await signInWithPassword(
    { login: parsed.data.username ?? parsed.data.login, password: parsed.data.password },
    ctx,
  );
  if (!user) throw grantError("Wrong login or password");
  return tokensForNewSession(user.sessionId, ctx);
}

/** grant_type=refresh_token: rotate, or on replay revoke the whole family. */
export async function refreshGrant(refreshToken: unknown, ctx: SignInContext): Promise<TokenResponse> {
  if (typeof refreshToken !== "string" || !refreshToken.startsWith("snr_") || refreshToken.length > 200) {
    throw new AppError("VALIDATION", "refresh_token is required", { oauth: "invalid_request" });
  }
  const next = await refreshStore().rotate(refreshToken, ctx);
  return respond(next.sessionId, next.userId, next.refreshToken, ctx);
}
