import "server-only";
import { isIP } from "node:net";
import { db } from "../../../db";
import { AppError } from "../../../errors";
import { authRedis } from "../../../redis/client";
import { newSecret, sha256 } from "../tokens";
import { auditRefresh, revokeFamilyOnReuse } from "./family";
import { grantError, refreshExpiry, REFRESH_TOKEN_TTL_SECONDS, type RefreshStore } from "./types";

// Refresh tokens in Redis (REDIS_URL): one hash per token, `snx:rt:<sha256>` = {sid, uid, fam,
// used}, expiring after 30 days. The device stays one sessions row for its whole life (same id,
// so the Sessions page and revocation work as without Redis); its refresh_token_hash column holds
// the marker `redis:<family>` that says "an app with tokens in Redis". One-time use is an atomic
// HINCRBY of `used` in a Lua script: the first caller sees 1, every later one (a replay) more.
// Used tokens stay until their expiry so a replay is still recognised.
const ROTATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local used = redis.call('HINCRBY', KEYS[1], 'used', 1)
return {used, redis.call('HGET', KEYS[1], 'sid'), redis.call('HGET', KEYS[1], 'uid'), redis.call('HGET', KEYS[1], 'fam')}
`;
const key = (token: string) => `snx:rt:${sha256(token)}`;

export function redisRefreshStore(url: string): RefreshStore {
  const redis = () => authRedis(url);
  const put = async (s: { id: string; userId: string; familyId: string }, ttlSeconds: number) => {
    const token = newSecret("snr");
    await redis()
      .multi()
      .hset(key(token), { sid: s.id, uid: s.userId, fam: s.familyId, used: 0 })
      .expire(key(token), ttlSeconds)
      .exec()
      .then((res) => {
        if (res?.some(([err]) => err))
          throw new AppError("UNAVAILABLE", "The token store (Redis) did not take the token");
      });
    return token;
  };

  return {
    kind: "redis",

    async start(session) {
      const token = await put(session, REFRESH_TOKEN_TTL_SECONDS);
      await db().session.update({
        where: { id: session.id },
        data: { refreshTokenHash: `redis:${session.familyId}`, expiresAt: refreshExpiry() },
      });
      return token;
    },

    async rotate(refreshToken, ctx) {
      const found = (await redis().eval(ROTATE, 1, key(refreshToken))) as [number, string, string, string] | null;
      if (!found) throw grantError("Unknown or expired refresh token");
      const [used, sessionId, userId, familyId] = found;
      if (used > 1) await revokeFamilyOnReuse({ sessionId, userId, familyId }, ctx);
      const row = await db().session.findUnique({
        where: { id: sessionId },
        select: { revokedAt: true, expiresAt: true },
      });
      if (!row || row.revokedAt) throw grantError("Session signed out");
      // The family ends 30 days after its sign-in (the row's expiry, set by start): a rotation
      // never extends it, and the next token lives only as long as the family has left (ADR 027).
      const left = Math.ceil((row.expiresAt.getTime() - Date.now()) / 1000);
      if (left <= 0) throw grantError("Refresh token expired: sign in again");
      const token = await put({ id: sessionId, userId, familyId }, left);
      await db().session.update({
        where: { id: sessionId },
        data: {
          lastSeenAt: new Date(),
          userAgent: ctx.userAgent?.slice(0, 1000) ?? null,
          ipAddress: ctx.ip && isIP(ctx.ip) ? ctx.ip : null,
        },
      });
      await auditRefresh({ userId, familyId, previous: sessionId, next: sessionId }, ctx);
      return { sessionId, userId, refreshToken: token };
    },
  };
}
