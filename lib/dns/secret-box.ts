import "server-only";
import crypto from "node:crypto";
import { config } from "../config";

// Encryption at rest for DNSSEC private keys: AES-256-GCM under SECRETS_KEY (32 bytes, base64).
// Without SECRETS_KEY (embedded default) the key is derived from NEXTAUTH_SECRET with HKDF, so a
// database dump alone never holds a usable private key. Format: v1:<iv>:<tag>:<ciphertext>.

function key(): Buffer {
  const c = config();
  if (c.SECRETS_KEY) {
    const k = Buffer.from(c.SECRETS_KEY, "base64");
    if (k.length !== 32) throw new Error("SECRETS_KEY must be 32 bytes, base64-encoded");
    return k;
  }
  return Buffer.from(crypto.hkdfSync("sha256", c.NEXTAUTH_SECRET, "securenexus", "dns-secrets-v1", 32));
}

export function seal(plain: Buffer, context: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(context));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), data.toString("base64")].join(":");
}

export function open(sealed: string, context: string): Buffer {
  const [v, iv, tag, data] = sealed.split(":");
  if (v !== "v1" || !iv || !tag || !data) throw new Error("unknown sealed secret format");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]);
}
