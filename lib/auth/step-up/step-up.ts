import "server-only";
import { generateAuthenticationOptions, type AuthenticationResponseJSON } from "@simplewebauthn/server";
import { db } from "../../db";
import { AppError } from "../../errors";
import { audited, refuse, type Attempt } from "../../kit";
import { recordAudit } from "../../audit/record";
import type { Actor } from "../actor";
import { relyingParty, storeChallenge, verifyPasskeyAssertion } from "../passkeys/passkeys-ceremony";
import { verifyPassword } from "../password/password";
import { consume } from "../session/rate-limit";
import { sessionIdOf } from "../session/revoke-credentials";
import { stepUpRequiredError } from "./step-up-required";

// Step-up (docs/decisions/015-step-up.md): destructive actions (delete client, delete zone, exec, delete
// user, restore backup) need a passkey or password confirmation of the same device or API token
// in the last 5 minutes. The confirmation belongs to the actor's subject ("session:<id>" or
// "token:<id>"), so another device of the same user — or a stolen cookie replayed elsewhere
// under another session — has not stepped up. Checked in the domain layer, so every door
// (GraphQL, server action, job) gets the same answer.

export const STEP_UP_WINDOW_MS = 5 * 60_000;

/**
 * Throws FORBIDDEN { reason: STEP_UP_REQUIRED } unless the actor's subject confirmed within the
 * window. With `denial`, the refusal is audited here; callers whose wrapper already audits a
 * FORBIDDEN (audited(), auditedCall()) pass none. System actors (jobs) are no person to ask.
 */
export async function requireStepUp(
  actor: Actor,
  denial?: Attempt,
  opts: { signInCounts?: boolean } = {},
): Promise<void> {
  if (actor.via === "system") return;
  if (actor.subject) {
    const row = await db().stepUp.findUnique({
      where: { subject: actor.subject },
      select: { userId: true, confirmedAt: true },
    });
    if (row && row.userId === actor.userId && Date.now() - row.confirmedAt.getTime() < STEP_UP_WINDOW_MS) return;
    if (opts.signInCounts && (await signedInWithinWindow(actor))) return;
  }
  if (denial) await refuse(actor, denial, "step-up required", stepUpRequiredError());
  throw stepUpRequiredError();
}

/** Did this device sign in (password, passkey or Authentik) within the step-up window? A
 *  device is a session family: its first row is the sign-in, later rows are refresh rotations,
 *  which prove nothing about the person (docs/decisions/027-local-roles-credentials-passwords.md). */
async function signedInWithinWindow(actor: Actor): Promise<boolean> {
  const sessionId = sessionIdOf(actor.subject);
  if (!sessionId) return false;
  const session = await db().session.findUnique({ where: { id: sessionId }, select: { userId: true, familyId: true } });
  if (!session || session.userId !== actor.userId) return false;
  const first = await db().session.findFirst({
    where: { familyId: session.familyId },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  return !!first && Date.now() - first.createdAt.getTime() < STEP_UP_WINDOW_MS;
}

/**
 * New credentials (a passkey, an API token): never made with an API token (a leaked token must
 * not breed tokens that outlive its revocation), and only after a step-up — or a sign-in of this
 * device in the last 5 minutes, the usual "sign in, then add a passkey" (ADR 027). Refusals are
 * audited with the operation's action.
 */
export async function requireCredentialStepUp(actor: Actor, denial: Attempt): Promise<void> {
  if (actor.subject?.startsWith("token:")) {
    await refuse(
      actor,
      denial,
      "api token cannot create credentials",
      new AppError("FORBIDDEN", "An API token cannot create tokens or passkeys: sign in to the console to do it"),
    );
  }
  await requireStepUp(actor, denial, { signInCounts: true });
}

export type StepUpConfirmation = { method: "passkey" | "password"; confirmedAt: Date; validUntil: Date };

function subjectOf(actor: Actor): string {
  if (!actor.subject) throw new AppError("VALIDATION", "This sign-in cannot confirm a step-up");
  return actor.subject;
}

const AUDIT = "auth.stepup";

async function refuseConfirmation(actor: Actor, method: string, reason: string, error: AppError): Promise<never> {
  await recordAudit({
    userId: actor.userId,
    action: AUDIT,
    resourceType: "user",
    resourceId: actor.userId,
    ip: actor.ip,
    userAgent: actor.userAgent,
    result: "failure",
    details: { method, reason, subject: actor.subject },
  });
  throw error;
}

/** The sign-in budget (RATE_LIMIT_SIGNIN_PER_MINUTE), per user: whoever holds the session is
 *  already past the IP check, and guessing this user's password is what must be slowed down. */
async function limit(actor: Actor, method: string) {
  try {
    await consume("signin", `stepup:${actor.userId}`);
  } catch (err) {
    await refuseConfirmation(actor, method, "rate limited", err as AppError);
  }
}

async function record(
  actor: Actor,
  subject: string,
  method: StepUpConfirmation["method"],
): Promise<StepUpConfirmation> {
  const confirmedAt = new Date();
  return audited(actor, AUDIT, { type: "user", id: actor.userId }, async (tx) => {
    await tx.stepUp.upsert({
      where: { subject },
      create: { subject, userId: actor.userId, method, confirmedAt },
      update: { userId: actor.userId, method, confirmedAt },
    });
    return {
      result: { method, confirmedAt, validUntil: new Date(confirmedAt.getTime() + STEP_UP_WINDOW_MS) },
      details: { method, subject },
    };
  });
}

/** Which confirmations this user can give: a password (local accounts) and/or a passkey. */
export async function stepUpMethods({ actor }: { actor: Actor }) {
  const [user, passkeys] = await Promise.all([
    db().user.findUnique({ where: { id: actor.userId }, select: { passwordHash: true } }),
    db().passkey.count({ where: { userId: actor.userId, revokedAt: null } }),
  ]);
  return { password: Boolean(user?.passwordHash), passkey: passkeys > 0 };
}

export async function confirmStepUpWithPassword({
  actor,
  password,
}: {
  actor: Actor;
  password: unknown;
}): Promise<StepUpConfirmation> {
  const subject = subjectOf(actor);
  await limit(actor, "password");
  const user = await db().user.findUnique({ where: { id: actor.userId }, select: { passwordHash: true } });
  const given = typeof password === "string" ? password.slice(0, 1024) : "";
  if (!(await verifyPassword(user?.passwordHash ?? null, given))) {
    const reason = user?.passwordHash ? "wrong password" : "no password on this account";
    await refuseConfirmation(
      actor,
      "password",
      reason,
      new AppError(
        "VALIDATION",
        user?.passwordHash ? "Wrong password" : "This account has no password here: confirm with a passkey",
        { fields: { password: reason } },
      ),
    );
  }
  return record(actor, subject, "password");
}

/** Options for the browser's passkey prompt: only this user's live passkeys, UV required. */
export async function stepUpPasskeyOptions({ actor }: { actor: Actor }) {
  subjectOf(actor);
  const passkeys = await db().passkey.findMany({
    where: { userId: actor.userId, revokedAt: null },
    select: { credentialId: true, transports: true },
  });
  if (passkeys.length === 0) throw new AppError("VALIDATION", "No passkey registered: confirm with your password");
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    userVerification: "required",
    allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: p.transports as never })),
  });
  await storeChallenge(options.challenge, "step-up", actor.userId);
  return options;
}

export async function confirmStepUpWithPasskey({
  actor,
  response,
}: {
  actor: Actor;
  response: unknown;
}): Promise<StepUpConfirmation> {
  const subject = subjectOf(actor);
  await limit(actor, "passkey");
  const r = response as AuthenticationResponseJSON;
  const credentialId = typeof r?.id === "string" ? r.id.slice(0, 1400) : "";
  const passkey = credentialId ? await db().passkey.findUnique({ where: { credentialId } }) : null;
  const notAccepted = (reason: string) =>
    refuseConfirmation(actor, "passkey", reason, new AppError("VALIDATION", `Passkey not accepted: ${reason}`));
  // Another user's passkey answers "unknown" too: it must not tell whose it is.
  if (!passkey || passkey.userId !== actor.userId) return notAccepted("unknown credential");
  if (passkey.revokedAt) return notAccepted("revoked passkey");
  const refused = await verifyPasskeyAssertion(passkey, r, "step-up", actor.userId);
  if (refused) return notAccepted(refused);
  return record(actor, subject, "passkey");
}
