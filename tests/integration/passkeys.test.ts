import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import {
  listPasskeys,
  passkeyRegistrationOptions,
  passkeySignInOptions,
  registerPasskey,
  renamePasskey,
  revokePasskey,
  signInWithPasskey,
} from "@/lib/auth/passkeys/passkeys";
import { consumeChallenge, relyingParty, storeChallenge } from "@/lib/auth/passkeys/passkeys-ceremony";
import { sessionIsLive } from "@/lib/auth/session/sessions";
import { db, type Database } from "@/lib/db";
import { createUserActor } from "../support/actors";
import { stepUp } from "../support/step-up";
import { ENGINES, installFreshDatabase } from "../support/db";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { SoftAuthenticator } from "../support/soft-authenticator";

// The software authenticator (tests/support/soft-authenticator.ts) drives the server side of the
// ceremonies, so the counter and replay rules can be tested where a browser's would not let us cheat.

const ctx = { ip: "198.51.100.30", userAgent: "phone" };

describe.each(ENGINES)("passkeys on %s", (engine) => {
  let d: Database | null;
  let actor: Actor;
  let key: SoftAuthenticator;
  beforeAll(async () => {
    d = await installFreshDatabase(engine);
    if (!d) return;
    actor = await createUserActor({ globalRoles: ["DEVELOPER"] });
    const { origin, rpID } = relyingParty();
    key = new SoftAuthenticator(origin, rpID);
  });
  afterAll(async () => d?.close());

  const failures = () =>
    db().auditLog.findMany({
      where: { action: "auth.signin", result: "failure", userId: actor.userId },
      orderBy: { createdAt: "desc" },
    });

  it("registers a discoverable, user-verified passkey against a stored challenge that works once", async (context) => {
    if (!d) return context.skip();
    await stepUp(actor); // a new credential asks for a confirmation (ADR 027)
    const options = await passkeyRegistrationOptions({ actor });
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.rp.id).toBe(relyingParty().rpID);
    const response = key.register(options.challenge);
    const created = await registerPasskey({ actor, response, name: "Pixel" });
    expect(created.name).toBe("Pixel");
    // the same response again: its challenge is spent
    await expect(registerPasskey({ actor, response, name: "Again" })).rejects.toMatchObject({ code: "VALIDATION" });
    expect((await listPasskeys({ actor })).map((p) => p.name)).toEqual(["Pixel"]);
    expect(
      await db().auditLog.count({ where: { userId: actor.userId, action: "passkey.register", result: "success" } }),
    ).toBe(1);
  });

  it("signs in with it; the challenge is single use and the signature counter must advance", async (context) => {
    if (!d) return context.skip();
    const { challenge } = await passkeySignInOptions();
    const assertion = key.assert(challenge);
    const user = await signInWithPasskey(assertion, ctx);
    expect(user?.id).toBe(actor.userId);
    expect(await sessionIsLive(user!.sessionId, actor.userId)).toBe(true);
    const audit = await db().auditLog.findFirst({
      where: { userId: actor.userId, action: "auth.signin", result: "success" },
    });
    expect(audit?.details).toMatchObject({ method: "passkey" });

    // replaying the captured assertion: its challenge is gone
    expect(await signInWithPasskey(assertion, ctx)).toBeNull();
    // a cloned authenticator: valid signature on a fresh challenge but the counter did not move
    const stale = key.assert((await passkeySignInOptions()).challenge, { bump: false });
    expect(await signInWithPasskey(stale, ctx)).toBeNull();
    expect((await failures())[0]?.details).toMatchObject({ method: "passkey" });
    // without user verification (no biometric) it is refused too
    expect(
      await signInWithPasskey(key.assert((await passkeySignInOptions()).challenge, { uv: false }), ctx),
    ).toBeNull();
    // another site's origin is refused
    expect(
      await signInWithPasskey(
        key.assert((await passkeySignInOptions()).challenge, { origin: "https://evil.example" }),
        ctx,
      ),
    ).toBeNull();
    // and the real thing still works
    expect((await signInWithPasskey(key.assert((await passkeySignInOptions()).challenge), ctx))?.id).toBe(actor.userId);
  });

  it("challenges expire after 5 minutes and are bound to their purpose", async (context) => {
    if (!d) return context.skip();
    await storeChallenge("c-purpose", "registration", actor.userId);
    expect(await consumeChallenge("c-purpose", "authentication", null)).toBe(false);
    await storeChallenge("c-old", "authentication", null);
    await db().webAuthnChallenge.update({
      where: { challenge: "c-old" },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await consumeChallenge("c-old", "authentication", null)).toBe(false);
  });

  it("rename and revoke are the owner's only; a revoked passkey is refused", async (context) => {
    if (!d) return context.skip();
    const [pk] = await listPasskeys({ actor });
    const other = await createUserActor({ globalRoles: ["DEVELOPER"] });
    await expect(revokePasskey({ actor: other, id: pk!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await renamePasskey({ actor, id: pk!.id, name: "Work phone" });
    // the API shows and revokes it too
    const token = await tokenFor(actor);
    const listed = await graphqlRequest("query { myPasskeys { id name revokedAt } }", { token });
    expect(listed.data?.myPasskeys).toEqual([{ id: pk!.id, name: "Work phone", revokedAt: null }]);
    const revoked = await graphqlRequest("mutation($id: ID!) { revokePasskey(id: $id) }", {
      token,
      variables: { id: pk!.id },
    });
    expect(revoked.data?.revokePasskey).toBe(true);
    expect((await listPasskeys({ actor }))[0]).toMatchObject({ name: "Work phone" });
    expect((await listPasskeys({ actor }))[0]!.revokedAt).not.toBeNull();
    expect(await signInWithPasskey(key.assert((await passkeySignInOptions()).challenge), ctx)).toBeNull();
    expect((await failures())[0]?.details).toMatchObject({ method: "passkey", reason: "revoked passkey" });
  });
});
