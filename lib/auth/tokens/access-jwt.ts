import "server-only";
import crypto from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { config } from "../../config";
import { db } from "../../db";
import type { Actor } from "../actor";

// Access tokens for apps and scripts (seed "Token Structure"): an HS256 JWT valid one hour with
// sub, email, name, groups, permissions, iat, exp, plus sid (the session row it belongs to), so
// revoking the device refuses the JWT at once even within its hour.
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
const ISSUER = "securenexus-control";
const AUDIENCE = "securenexus-control:api";

/** A key of its own, derived from NEXTAUTH_SECRET: a next-auth cookie can never pass as an
 *  access token, nor the other way round. */
function key(): Uint8Array {
  return new Uint8Array(crypto.createHash("sha256").update(`access-jwt:${config().NEXTAUTH_SECRET}`).digest());
}

export async function signAccessToken(actor: Actor, sessionId: string): Promise<string> {
  const user = await db().user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: {
      email: true,
      fullName: true,
      username: true,
      memberships: { select: { group: { select: { name: true } } } },
    },
  });
  return new SignJWT({
    email: user.email,
    name: user.fullName || user.username,
    groups: user.memberships.map((g) => g.group.name),
    permissions: [...actor.permissions].sort(),
    sid: sessionId,
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(actor.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(key());
}

/** The subject and session of a valid access token, or null (bad signature, expired, malformed). */
export async function verifyAccessToken(token: string): Promise<{ userId: string; sessionId: string } | null> {
  try {
    const { payload } = await jwtVerify(token, key(), { algorithms: ["HS256"], issuer: ISSUER, audience: AUDIENCE });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string") return null;
    return { userId: payload.sub, sessionId: payload.sid };
  } catch {
    return null;
  }
}
