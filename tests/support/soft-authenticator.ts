import crypto from "node:crypto";

// A software authenticator of our own (ES256, "none" attestation, a signature counter we
// control) drives the server side of the ceremonies, so the counter and replay rules can be
// tested where a browser's authenticator would not let us cheat. The browser flows are in
// tests/e2e/passkeys.spec.ts and step-up.spec.ts.

/** Minimal CBOR encoder: unsigned/negative ints, byte and text strings, maps. */
function cbor(v: unknown): Buffer {
  const head = (major: number, n: number) =>
    n < 24
      ? Buffer.from([(major << 5) | n])
      : n < 256
        ? Buffer.from([(major << 5) | 24, n])
        : Buffer.from([(major << 5) | 25, n >> 8, n & 255]);
  if (typeof v === "number") return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === "string") return Buffer.concat([head(3, Buffer.byteLength(v)), Buffer.from(v)]);
  if (v instanceof Uint8Array) return Buffer.concat([head(2, v.length), v]);
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as object);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, val]) => [cbor(k), cbor(val)])]);
}

export class SoftAuthenticator {
  readonly keys = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  readonly credentialId = crypto.randomBytes(32);
  counter = 0;
  constructor(
    readonly origin: string,
    readonly rpID: string,
  ) {}
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
    const cose = cbor(
      new Map<number, unknown>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, "base64url")],
        [-3, Buffer.from(jwk.y!, "base64url")],
      ]),
    );
    const idLen = Buffer.alloc(2);
    idLen.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLen, this.credentialId, cose]);
    const id = this.credentialId.toString("base64url");
    return {
      id,
      rawId: id,
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON: this.clientData("webauthn.create", challenge).toString("base64url"),
        attestationObject: cbor({ fmt: "none", attStmt: new Map(), authData: this.authData(0x45, attested) }).toString(
          "base64url",
        ),
        transports: ["internal"],
      },
    };
  }
  /** An assertion; `uv: false` leaves out user verification (the UV flag). */
  assert(challenge: string, opts: { uv?: boolean; bump?: boolean; origin?: string } = {}) {
    if (opts.bump !== false) this.counter += 1;
    const authData = this.authData(opts.uv === false ? 0x01 : 0x05);
    const clientData = this.clientData("webauthn.get", challenge, opts.origin);
    const signature = crypto.sign(
      "sha256",
      Buffer.concat([authData, crypto.createHash("sha256").update(clientData).digest()]),
      this.keys.privateKey,
    );
    const id = this.credentialId.toString("base64url");
    return {
      id,
      rawId: id,
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON: clientData.toString("base64url"),
        authenticatorData: authData.toString("base64url"),
        signature: signature.toString("base64url"),
      },
    };
  }
}
