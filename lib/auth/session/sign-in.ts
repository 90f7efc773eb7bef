import "server-only";
import { recordSignIn } from "./sign-in-audit";
import { z } from "zod";
import { db } from "../../db";
import { checkAccountDelay, clearFailedSignIns, recordFailedSignIn, type Account } from "./account-throttle";
import { verifyPassword } from "../password/password";
import { openSession } from "./sessions";

const credentials = z.object({
  login: z.string().trim().min(1).max(255),
  password: z.string().min(1).max(1024),
});

export type SignInContext = { ip: string | null; userAgent: string | null };

/**
 * Password sign-in. Unknown users and wrong passwords get the same answer (null) and take the
 * same time; both are audited as `auth.signin` failures. Returns the user and a new session id.
 * Throws RATE_LIMITED while the account (known or not) sits in its progressive delay
 * (lib/auth/session/account-throttle.ts); the password is then not even checked.
 */
export async function signInWithPassword(input: unknown, ctx: SignInContext) {
  const parsed = credentials.safeParse(input);
  if (!parsed.success) return null;
  const login = parsed.data.login.toLowerCase();
  const user = await db().user.findFirst({
    where: { OR: [{ email: login }, { username: login }] },
    select: {
      id: true,
      username: true,
      email: true,
      fullName: true,
      passwordHash: true,
      isActive: true,
      failedSignIns: true,
      lastFailedSignInAt: true,
    },
  });
  const account: Account = user
    ? { userId: user.id, state: { failures: user.failedSignIns, lastFailedAt: user.lastFailedSignInAt } }
    : { login };
  try {
    await checkAccountDelay(account);
  } catch (err) {
    await recordSignIn(user?.id, ctx, "denied", { method: "password", login, reason: "account delay" });
    throw err;
  }
  const ok = await verifyPassword(user?.passwordHash ?? null, parsed.data.password);
  if (!user || !ok || !user.isActive) {
    await recordFailedSignIn(account);
    await recordSignIn(user?.id, ctx, "failure", {
      method: "password",
      login,
      reason: !user ? "unknown user" : !user.isActive ? "inactive" : "wrong password",
    });
    return null;
  }
  await clearFailedSignIns(account);
  return completeSignIn(user, "password", ctx);
}

/** Shared by every sign-in method: last login, a session row, the audit row. */
export async function completeSignIn(
  user: { id: string; username: string; email: string; fullName: string },
  method: string,
  ctx: SignInContext,
) {
  const session = await openSession(user.id, ctx);
  await db().user.update({ where: { id: user.id }, data: { lastLogin: new Date() } });
  await recordSignIn(user.id, ctx, "success", { method, sessionId: session.id });
  return { id: user.id, username: user.username, email: user.email, name: user.fullName, sessionId: session.id };
}
