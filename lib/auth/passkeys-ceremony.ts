import "server-only";
import { config } from "../config";
import { db } from "../db";

// Relying-party settings and server-side challenges for WebAuthn. A challenge lives 5 minutes,
// is bound to its purpose (and, for registration, to the user) and is deleted by its one use,
// so a captured response cannot be replayed.
export const CHALLENGE_TTL_MS = 5 * 60_000;

export function relyingParty() {
  const url = new URL(config().APP_URL);
  return { rpID: url.hostname, origin: url.origin, rpName: "SecureNexus Control" };
}

export type ChallengePurpose = "registration" | "authentication";

export async function storeChallenge(challenge: string, purpose: ChallengePurpose, userId: string | null) {
  // opportunistic clean-up keeps the table at the size of the ceremonies in flight
  await db().webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  await db().webAuthnChallenge.create({ data: { challenge, purpose, userId, expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS) } });
}

/** True once for a live challenge of this purpose (and user); deletes it either way. */
export async function consumeChallenge(challenge: string, purpose: ChallengePurpose, userId: string | null): Promise<boolean> {
  if (typeof challenge !== "string" || challenge.length > 200) return false;
  const { count } = await db().webAuthnChallenge.deleteMany({
    where: { challenge, purpose, userId, expiresAt: { gt: new Date() } },
  });
  return count === 1;
}
