import crypto from "node:crypto";

// DNSSEC key material for CoreDNS's dnssec plugin: one ECDSA P-256 / SHA-256 key per zone
// (algorithm 13, RFC 6605) used as a combined signing key (flags 257, SEP), in BIND's key-file
// format which the plugin reads, and the DS record the registrar needs (RFC 4034, digest 2).

export const ALGORITHM = 13;
export const FLAGS = 257;

export type ZoneKey = { publicKey: Buffer; privateKey: Buffer };

/** A new key pair: the 64-byte public point (x‖y) and the 32-byte private scalar. */
export function generateZoneKey(): ZoneKey {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const pub = publicKey.export({ format: "jwk" });
  const priv = privateKey.export({ format: "jwk" });
  return {
    publicKey: Buffer.concat([Buffer.from(pub.x!, "base64url"), Buffer.from(pub.y!, "base64url")]),
    privateKey: Buffer.from(priv.d!, "base64url"),
  };
}

export function dnskeyRdata(publicKey: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(FLAGS, 0);
  head.writeUInt8(3, 2); // protocol
  head.writeUInt8(ALGORITHM, 3);
  return Buffer.concat([head, publicKey]);
}

/** RFC 4034 appendix B. */
export function keyTag(rdata: Buffer): number {
  let ac = 0;
  for (let i = 0; i < rdata.length; i++) ac += i & 1 ? rdata[i]! : rdata[i]! << 8;
  ac += (ac >> 16) & 0xffff;
  return ac & 0xffff;
}

function nameWire(zone: string): Buffer {
  const parts = zone
    .toLowerCase()
    .split(".")
    .filter(Boolean)
    .map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  return Buffer.concat([...parts, Buffer.from([0])]);
}

export function dsRecord(zone: string, publicKey: Buffer): { keyTag: number; digest: string; text: string } {
  const rdata = dnskeyRdata(publicKey);
  const tag = keyTag(rdata);
  const digest = crypto.createHash("sha256").update(nameWire(zone)).update(rdata).digest("hex").toUpperCase();
  return { keyTag: tag, digest, text: `${zone}. IN DS ${tag} ${ALGORITHM} 2 ${digest}` };
}

export function dnskeyText(zone: string, publicKey: Buffer): string {
  return `${zone}. IN DNSKEY ${FLAGS} 3 ${ALGORITHM} ${publicKey.toString("base64")}`;
}

/** BIND key-file base name (what the dnssec plugin's `key file` takes). */
export function keyFileBase(zone: string, tag: number): string {
  return `K${zone}.+${String(ALGORITHM).padStart(3, "0")}+${String(tag).padStart(5, "0")}`;
}

export function keyFiles(zone: string, key: ZoneKey): { base: string; key: string; private: string } {
  const tag = keyTag(dnskeyRdata(key.publicKey));
  return {
    base: keyFileBase(zone, tag),
    key: `; key-signing key, keyid ${tag}, for ${zone}. (SecureNexus Control)\n${dnskeyText(zone, key.publicKey)}\n`,
    private: `Private-key-format: v1.3\nAlgorithm: ${ALGORITHM} (ECDSAP256SHA256)\nPrivateKey: ${key.privateKey.toString("base64")}\n`,
  };
}
