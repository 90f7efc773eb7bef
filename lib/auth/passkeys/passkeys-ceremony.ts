import "server-only";
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from "@simplewebauthn/server";
import { config } from "../../config";
import { db } from "../../db";

// Relying-party settings and server-side challenges for WebAuthn. A challenge lives 5 minutes,
// is bound to its purpose (and, for registration, to the user) and is deleted by its one use,
// so a captured response cannot be replayed.
export const CHALLENGE_TTL_MS = 5 * 60_000;

export function relyingParty() {
  const url = new URL(config().APP_URL);
  return { rpID: url.hostname, origin: url.origin, rpName: "SecureNexus Control" };
}

/** "step-up" challenges are bound to the user confirming, like registration ones. */
export type ChallengePurpose = "registration" | "authentication" | "step-up";

export async function storeChallenge(challenge: string, purpose: ChallengePurpose, userId: string | null) {
  // opportunistic clean-up keeps the table at the size of the ceremonies in flight
  await db().webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  await db().webAuthnChallenge.create({
    data: { challenge, purpose, userId, expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS) },
  });
}

/** True once for a live challenge of this purpose (and user); deletes it either way. */
export async function consumeChallenge(
  challenge: string,
  purpose: ChallengePurpose,
  userId: string | null,
): Promise<boolean> {
  if (typeof challenge !== "string" || challenge.length > 200) return false;
  const { count } = await db().webAuthnChallenge.deleteMany({
    where: { challenge, purpose, userId, expiresAt: { gt: new Date() } },
  });
  return count === 1;
}

type StoredPasskey = { id: string; credentialId: string; publicKey: Uint8Array; counter: bigint; transports: string[] };

/**
 * Verifies an assertion (sign-in or step-up) against a stored passkey: the challenge is consumed
 * (single use, bound to purpose and user), user verification is required, and the signature
 * counter must move forward — written with compare-and-set on the old value, so two concurrent
 * uses of a cloned authenticator cannot both pass. Returns why it was refused, or null.
 */
export async function verifyPasskeyAssertion(
  passkey: StoredPasskey,
  response: AuthenticationResponseJSON,
  purpose: ChallengePurpose,
  userId: string | null,
): Promise<string | null> {
  const { rpID, origin } = relyingParty();
  let newCounter: number;
  try {
    const v = await verifyAuthenticationResponse({
      response,
      expectedChallenge: (c) => consumeChallenge(c, purpose, userId),
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
        transports: passkey.transports as never,
      },
    });
    if (!v.verified) return "not verified";
    newCounter = v.authenticationInfo.newCounter;
  } catch (err) {
    return (err as Error).message.slice(0, 200);
  }
  const { count } = await db().passkey.updateMany({
    where: { id: passkey.id, counter: passkey.counter, revokedAt: null },
    data: { counter: BigInt(newCounter), lastUsedAt: new Date() },
  });
  return count === 0 ? "signature counter did not advance" : null;
}
