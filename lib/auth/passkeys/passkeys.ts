import "server-only";
import { recordSignIn } from "../session/sign-in-audit";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { z } from "zod";
import { db } from "../../db";
import { AppError } from "../../errors";
import { audited, parseInput } from "../../kit";
import { recordAudit } from "../../audit/record";
import { requirePermission, type Actor } from "../actor";
import { consumeChallenge, relyingParty, storeChallenge, verifyPasskeyAssertion } from "./passkeys-ceremony";
import { completeSignIn, type SignInContext } from "../session/sign-in";
import { requireCredentialStepUp } from "../step-up/step-up";

// Passkeys (docs/decisions/010): registered after sign-in, discoverable (resident) credentials
// with user verification required — on a phone, the biometric prompt. Signing in with one goes
// through completeSignIn like every other method.

export async function passkeyRegistrationOptions({ actor }: { actor: Actor }) {
  requirePermission(actor, "token:manage-own");
  await requireCredentialStepUp(actor, { action: "passkey.register", resource: { type: "passkey" } });
  const { rpID, rpName } = relyingParty();
  const existing = await db().passkey.findMany({
    where: { userId: actor.userId, revokedAt: null },
    select: { credentialId: true, transports: true },
  });
  const user = await db().user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { username: true, fullName: true },
  });
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: user.username,
    userDisplayName: user.fullName || user.username,
    userID: new TextEncoder().encode(actor.userId),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  await storeChallenge(options.challenge, "registration", actor.userId);
  return options;
}

const nameSchema = z.string().trim().min(1).max(100);

export async function registerPasskey({ actor, response, name }: { actor: Actor; response: unknown; name?: unknown }) {
  requirePermission(actor, "token:manage-own");
  const parsedName = parseInput(nameSchema, name ?? "Passkey");
  await requireCredentialStepUp(actor, { action: "passkey.register", resource: { type: "passkey" } });
  const { rpID, origin } = relyingParty();
  // Verified before the transaction: consuming the challenge is its own statement (PGlite has a
  // single connection, so it must not wait inside an open transaction).
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: (c) => consumeChallenge(c, "registration", actor.userId),
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
    });
  } catch (err) {
    verification = { verified: false as const, reason: (err as Error).message };
  }
  if (!verification.verified) {
    const reason = "reason" in verification ? verification.reason : "not verified";
    await recordAudit({
      userId: actor.userId,
      action: "passkey.register",
      resourceType: "passkey",
      ip: actor.ip,
      userAgent: actor.userAgent,
      result: "failure",
      details: { reason: reason.slice(0, 200) },
    });
    throw new AppError("VALIDATION", `Passkey not accepted: ${reason}`);
  }
  const { credential } = verification.registrationInfo;
  return audited(actor, "passkey.register", { type: "passkey" }, async (tx) => {
    const row = await tx.passkey.create({
      data: {
        userId: actor.userId,
        credentialId: credential.id,
        publicKey: credential.publicKey,
        counter: BigInt(credential.counter),
        transports: credential.transports ?? [],
        name: parsedName,
      },
      select: { id: true, name: true },
    });
    return { result: row, resourceId: row.id, details: { name: row.name } };
  });
}

export async function listPasskeys({ actor }: { actor: Actor }) {
  requirePermission(actor, "token:manage-own");
  return db().passkey.findMany({
    where: { userId: actor.userId },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: { createdAt: "desc" },
  });
}

export async function renamePasskey({ actor, id, name }: { actor: Actor; id: string; name: unknown }) {
  requirePermission(actor, "token:manage-own");
  const parsed = parseInput(nameSchema, name);
  return audited(actor, "passkey.rename", { type: "passkey", id }, async (tx) => {
    const { count } = await tx.passkey.updateMany({
      where: { id, userId: actor.userId, revokedAt: null },
      data: { name: parsed },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "No such passkey");
    return { result: true, details: { name: parsed } };
  });
}

export async function revokePasskey({ actor, id }: { actor: Actor; id: string }) {
  requirePermission(actor, "token:manage-own");
  return audited(actor, "passkey.revoke", { type: "passkey", id }, async (tx) => {
    const { count } = await tx.passkey.updateMany({
      where: { id, userId: actor.userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "No such active passkey");
    return { result: true };
  });
}

/** Options for a passkey sign-in: no user yet (discoverable credential), UV required. */
export async function passkeySignInOptions() {
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    userVerification: "required",
    allowCredentials: [],
  });
  await storeChallenge(options.challenge, "authentication", null);
  return options;
}

/** Verifies a passkey assertion and signs its user in; null (audited) when refused. */
export async function signInWithPasskey(response: unknown, ctx: SignInContext) {
  const r = response as AuthenticationResponseJSON;
  const credentialId = typeof r?.id === "string" ? r.id.slice(0, 1400) : "";
  const passkey = credentialId
    ? await db().passkey.findUnique({
        where: { credentialId },
        include: { user: { select: { id: true, username: true, email: true, fullName: true, isActive: true } } },
      })
    : null;
  const fail = async (reason: string) => {
    await recordSignIn(passkey?.userId, ctx, "failure", { method: "passkey", reason, passkeyId: passkey?.id ?? null });
    return null;
  };
  if (!passkey) return fail("unknown credential");
  if (passkey.revokedAt) return fail("revoked passkey");
  if (!passkey.user.isActive) return fail("inactive");
  const refused = await verifyPasskeyAssertion(passkey, r, "authentication", null);
  if (refused) return fail(refused);
  return completeSignIn(passkey.user, "passkey", ctx);
}
