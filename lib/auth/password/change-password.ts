import "server-only";
import { z } from "zod";
import { audited, parseInput } from "../../kit";
import { AppError } from "../../errors";
import type { Actor } from "../actor";
import { hashPassword, verifyPassword } from "./password";
import { requireStrongPassword } from "./password-strength";
import { consume } from "../session/rate-limit";
import { revokeUserCredentials, sessionIdOf } from "../session/revoke-credentials";

// A user changes their own password with the current one (ASVS V2.1.5/V2.1.6; ADR 027). The
// current password is the proof — no step-up on top — so guessing it shares the user's step-up
// budget (RATE_LIMIT_SIGNIN_PER_MINUTE per user). The new one must be strong enough
// (lib/auth/password/password-strength.ts). Every other session and app of the user is signed out; this
// device stays signed in. Audited as user.password.change (never with either password).

const input = z.object({
  currentPassword: z.string().min(1, "is required").max(1024),
  newPassword: z.string().max(1024),
});

export async function changeOwnPassword({
  actor,
  ...raw
}: {
  actor: Actor;
  currentPassword: unknown;
  newPassword: unknown;
}): Promise<{ revokedSessions: number }> {
  return audited(actor, "user.password.change", { type: "user", id: actor.userId }, async (tx) => {
    const parsed = parseInput(input, raw);
    const { currentPassword, newPassword } = parsed;
    const user = await tx.user.findUnique({
      where: { id: actor.userId },
      select: { username: true, email: true, fullName: true, passwordHash: true, source: true },
    });
    if (!user) throw new AppError("NOT_FOUND", "User not found");
    if (user.source !== "local" || !user.passwordHash) {
      throw new AppError("VALIDATION", "This account has no console password: it signs in through Authentik", {
        fields: { currentPassword: "managed in Authentik" },
      });
    }
    await consume("signin", `stepup:${actor.userId}`);
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw new AppError("VALIDATION", "The current password is wrong", {
        fields: { currentPassword: "is not your current password" },
      });
    }
    if (newPassword === currentPassword) {
      throw new AppError("VALIDATION", "The new password is the current one", {
        fields: { newPassword: "must differ from the current password" },
      });
    }
    requireStrongPassword(newPassword, [user.username, user.email, user.fullName], "newPassword");
    await tx.user.update({ where: { id: actor.userId }, data: { passwordHash: await hashPassword(newPassword) } });
    const revoked = await revokeUserCredentials(tx, actor.userId, {
      apiTokens: false,
      keepSessionOf: sessionIdOf(actor.subject),
    });
    return { result: { revokedSessions: revoked.sessions }, details: { revokedSessions: revoked.sessions } };
  });
}
