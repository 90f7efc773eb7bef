import "server-only";
import { headers } from "next/headers";
import { getToken } from "next-auth/jwt";
import { AppError } from "../../errors";
import type { Actor } from "../actor";
import { verifyAccessToken } from "../tokens/access-jwt";
import { actorFromApiToken } from "../tokens/api-tokens";
import { loadActor } from "./load-actor";
import { authOptions } from "../session/next-auth";
import { requestContext } from "./request-context";
import { sessionIsLive } from "../session/sessions";
import { touchSession } from "../session/sessions-admin";

/**
 * The actor of the current request (route handler, server component or server action): a bearer
 * token if one is sent, else the next-auth session cookie (decoded from the request's own headers,
 * so every door reads it the same way). Null when nobody is signed in.
 */
export async function currentActor(reqHeaders?: Headers): Promise<Actor | null> {
  const h = reqHeaders ?? (await headers());
  const ctx = requestContext(h);
  const auth = h.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) return null;
    // snx_… is a personal API token; anything else may be an access JWT from /api/auth/token,
    // valid only while its session (device) is live.
    if (m[1]!.startsWith("snx_")) return actorFromApiToken(m[1]!, ctx);
    const access = await verifyAccessToken(m[1]!);
    if (!access || !(await sessionIsLive(access.sessionId, access.userId))) return null;
    await touchSession(access.sessionId);
    return loadActor(access.userId, { ...ctx, via: "token", subject: `session:${access.sessionId}` });
  }
  const { secret } = authOptions(); // also sets NEXTAUTH_URL, which picks the cookie name
  const token = await getToken({ req: { cookies: parseCookies(h.get("cookie")), headers: {} } as never, secret });
  if (!token?.uid || !token.sid) return null;
  if (!(await sessionIsLive(token.sid, token.uid))) return null;
  await touchSession(token.sid);
  return loadActor(token.uid, { ...ctx, via: "session", subject: `session:${token.sid}` });
}

function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** The session (device) of the current request, to mark "this device" in the sessions list. */
export async function currentSessionId(reqHeaders?: Headers): Promise<string | null> {
  const h = reqHeaders ?? (await headers());
  const m = /^Bearer\s+(\S+)$/i.exec(h.get("authorization") ?? "");
  if (m) return (await verifyAccessToken(m[1]!))?.sessionId ?? null;
  const { secret } = authOptions();
  const token = await getToken({ req: { cookies: parseCookies(h.get("cookie")), headers: {} } as never, secret });
  return token?.sid ?? null;
}

export async function requireActor(reqHeaders?: Headers): Promise<Actor> {
  const actor = await currentActor(reqHeaders);
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in first");
  return actor;
}
