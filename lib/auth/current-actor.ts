import "server-only";
import { headers } from "next/headers";
import { getServerSession } from "next-auth";
import { AppError } from "../errors";
import type { Actor } from "./actor";
import { actorFromApiToken } from "./api-tokens";
import { loadActor } from "./load-actor";
import { authOptions } from "./next-auth";
import { requestContext } from "./request-context";
import { sessionIsLive } from "./sessions";

/**
 * The actor of the current request (route handler, server component or server action): a bearer
 * token if one is sent, else the next-auth session cookie. Null when nobody is signed in.
 */
export async function currentActor(reqHeaders?: Headers): Promise<Actor | null> {
  const h = reqHeaders ?? (await headers());
  const ctx = requestContext(h);
  const auth = h.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) return null;
    return actorFromApiToken(m[1]!, ctx);
  }
  const session = await getServerSession(authOptions());
  if (!session?.user.id || !session.sessionId) return null;
  if (!(await sessionIsLive(session.sessionId, session.user.id))) return null;
  return loadActor(session.user.id, { ...ctx, via: "session" });
}

export async function requireActor(reqHeaders?: Headers): Promise<Actor> {
  const actor = await currentActor(reqHeaders);
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in first");
  return actor;
}
