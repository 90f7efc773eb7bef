import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { listPasskeys, passkeyRegistrationOptions, passkeySignInOptions, registerPasskey, renamePasskey, revokePasskey, signInWithPasskey } from "@/lib/auth/passkeys";
import { consumeChallenge, relyingParty, storeChallenge } from "@/lib/auth/passkeys-ceremony";
import { sessionIsLive } from "@/lib/auth/sessions";
import { db, type Database } from "@/lib/db";
import { createUserActor } from "../support/actors";
import { ENGINES, installFreshDatabase } from "../support/db";
import { graphqlRequest, tokenFor } from "../support/graphql";

// A software authenticator of our own (ES256, "none" attestation, a signature counter we
// control) drives the server side of the ceremonies, so the counter and replay rules can be
// tested where a browser's authenticator would not let us cheat. The browser flow itself is in
// tests/e2e/passkeys.spec.ts.

/** Minimal CBOR encoder: unsigned/negative ints, byte and text strings, maps. */
function cbor(v: unknown): Buffer {
  const head = (major: number, n: number) =>
    n < 24 ? Buffer.from([(major << 5) | n]) : n < 256 ? Buffer.from([(major << 5) | 24, n]) : Buffer.from([(major << 5) | 25, n >> 8, n & 255]);
  if (typeof v === "number") return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === "string") return Buffer.concat([head(3, Buffer.byteLength(v)), Buffer.from(v)]);
  if (v instanceof Uint8Array) return Buffer.concat([head(2, v.length), v]);
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as object);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, val]) => [cbor(k), cbor(val)])]);
}

class SoftAuthenticator {
  readonly keys = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  readonly credentialId = crypto.randomBytes(32);
  counter = 0;
  constructor(readonly origin: string, readonly rpID: string) {}
  private clientData(type: string, challenge: string, origin = this.origin) {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }
  private authData(flags: number, extra = Buffer.alloc(0)) {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.counter);
    return Buffer.concat([crypto.createHash("sha256").update(this.rpID).digest(), Buffer.from([flags]), count, extra]);
  }
  register(challenge: string) {
    const jwk = this.keys.publicKey.export({ format: "jwk" });
    const cose = cbor(new Map<number, unknown>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, "base64url")], [-3, Buffer.from(jwk.y!, "base64url")]]));
    const idLen = Buffer.alloc(2);
    idLen.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLen, this.credentialId, cose]);
    const id = this.credentialId.toString("base64url");
    return {
      id, rawId: id, type: "public-key", clientExtensionResults: {},
      response: {
        clientDataJSON: this.clientData("webauthn.create", challenge).toString("base64url"),
        attestationObject: cbor({ fmt: "none", attStmt: new Map(), authData: this.authData(0x45, attested) }).toString("base64url"),
        transports: ["internal"],
      },
    };
  }
  /** An assertion; `uv: false` leaves out user verification (the UV flag). */
  assert(challenge: string, opts: { uv?: boolean; bump?: boolean; origin?: string } = {}) {
    if (opts.bump !== false) this.counter += 1;
    const authData = this.authData(opts.uv === false ? 0x01 : 0x05);
    const clientData = this.clientData("webauthn.get", challenge, opts.origin);
    const signature = crypto.sign("sha256", Buffer.concat([authData, crypto.createHash("sha256").update(clientData).digest()]), this.keys.privateKey);
    const id = this.credentialId.toString("base64url");
    return {
      id, rawId: id, type: "public-key", clientExtensionResults: {},
      response: { clientDataJSON: clientData.toString("base64url"), authenticatorData: authData.toString("base64url"), signature: signature.toString("base64url") },
    };
  }
}

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

  const failures = () => db().auditLog.findMany({ where: { action: "auth.signin", result: "failure", userId: actor.userId }, orderBy: { createdAt: "desc" } });

  it("registers a discoverable, user-verified passkey against a stored challenge that works once", async () => {
    if (!d) return;
    const options = await passkeyRegistrationOptions({ actor });
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.rp.id).toBe(relyingParty().rpID);
    const response = key.register(options.challenge);
    const created = await registerPasskey({ actor, response, name: "Pixel" });
    expect(created.name).toBe("Pixel");
    // the same response again: its challenge is spent
    await expect(registerPasskey({ actor, response, name: "Again" })).rejects.toMatchObject({ code: "VALIDATION" });
    expect((await listPasskeys({ actor })).map((p) => p.name)).toEqual(["Pixel"]);
    expect(await db().auditLog.count({ where: { userId: actor.userId, action: "passkey.register", result: "success" } })).toBe(1);
  });

  it("signs in with it; the challenge is single use and the signature counter must advance", async () => {
    if (!d) return;
    const { challenge } = await passkeySignInOptions();
    const assertion = key.assert(challenge);
    const user = await signInWithPasskey(assertion, ctx);
    expect(user?.id).toBe(actor.userId);
    expect(await sessionIsLive(user!.sessionId, actor.userId)).toBe(true);
    const audit = await db().auditLog.findFirst({ where: { userId: actor.userId, action: "auth.signin", result: "success" } });
    expect(audit?.details).toMatchObject({ method: "passkey" });

    // replaying the captured assertion: its challenge is gone
    expect(await signInWithPasskey(assertion, ctx)).toBeNull();
    // a cloned authenticator: valid signature on a fresh challenge but the counter did not move
    const stale = key.assert((await passkeySignInOptions()).challenge, { bump: false });
    expect(await signInWithPasskey(stale, ctx)).toBeNull();
    expect((await failures())[0]?.details).toMatchObject({ method: "passkey" });
    // without user verification (no biometric) it is refused too
    expect(await signInWithPasskey(key.assert((await passkeySignInOptions()).challenge, { uv: false }), ctx)).toBeNull();
    // another site's origin is refused
    expect(await signInWithPasskey(key.assert((await passkeySignInOptions()).challenge, { origin: "https://evil.example" }), ctx)).toBeNull();
    // and the real thing still works
    expect((await signInWithPasskey(key.assert((await passkeySignInOptions()).challenge), ctx))?.id).toBe(actor.userId);
  });

  it("challenges expire after 5 minutes and are bound to their purpose", async () => {
    if (!d) return;
    await storeChallenge("c-purpose", "registration", actor.userId);
    expect(await consumeChallenge("c-purpose", "authentication", null)).toBe(false);
    await storeChallenge("c-old", "authentication", null);
    await db().webAuthnChallenge.update({ where: { challenge: "c-old" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await consumeChallenge("c-old", "authentication", null)).toBe(false);
  });

  it("rename and revoke are the owner's only; a revoked passkey is refused", async () => {
    if (!d) return;
    const [pk] = await listPasskeys({ actor });
    const other = await createUserActor({ globalRoles: ["DEVELOPER"] });
    await expect(revokePasskey({ actor: other, id: pk!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await renamePasskey({ actor, id: pk!.id, name: "Work phone" });
    // the API shows and revokes it too
    const token = await tokenFor(actor);
    const listed = await graphqlRequest("query { myPasskeys { id name revokedAt } }", { token });
    expect(listed.data?.myPasskeys).toEqual([{ id: pk!.id, name: "Work phone", revokedAt: null }]);
    const revoked = await graphqlRequest("mutation($id: ID!) { revokePasskey(id: $id) }", { token, variables: { id: pk!.id } });
    expect(revoked.data?.revokePasskey).toBe(true);
    expect((await listPasskeys({ actor }))[0]).toMatchObject({ name: "Work phone" });
    expect((await listPasskeys({ actor }))[0]!.revokedAt).not.toBeNull();
    expect(await signInWithPasskey(key.assert((await passkeySignInOptions()).challenge), ctx)).toBeNull();
    expect((await failures())[0]?.details).toMatchObject({ method: "passkey", reason: "revoked passkey" });
  });
});
