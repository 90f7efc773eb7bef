import "server-only";
import crypto from "node:crypto";
import { config } from "../config";

// Encryption at rest for secrets the product generates or holds (DNSSEC private keys, client
// service passwords, SSO client secrets): AES-256-GCM under SECRETS_KEY (32 bytes, base64; also
// SECRETS_KEY_FILE). Without SECRETS_KEY (embedded default) the key is derived with HKDF from
// NEXTAUTH_SECRET, which the embedded default persists in DATA_DIR/.nextauth-secret; each purpose
// gets its own derived key. A database dump alone never holds a usable secret
// (docs/decisions/019-provisioning.md). Format: v1:<iv>:<tag>:<ciphertext>; the context (e.g.
// "client:<id>:erp.db_password") is authenticated, so a sealed value moved to another row fails.

export type SecretPurpose = "dns" | "client";

function key(purpose: SecretPurpose): Buffer {
  const c = config();
  if (c.SECRETS_KEY) return Buffer.from(c.SECRETS_KEY, "base64"); // length checked by lib/config.ts
  return Buffer.from(crypto.hkdfSync("sha256", c.NEXTAUTH_SECRET, "securenexus", `${purpose}-secrets-v1`, 32));
}

export function sealSecret(plain: Buffer, context: string, purpose: SecretPurpose): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(purpose), iv);
  cipher.setAAD(Buffer.from(context));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), data.toString("base64")].join(":");
}

export function openSecret(sealed: string, context: string, purpose: SecretPurpose): Buffer {
  const [v, iv, tag, data] = sealed.split(":");
  if (v !== "v1" || !iv || !tag || !data) throw new Error("unknown sealed secret format");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key(purpose), Buffer.from(iv, "base64"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]);
}
