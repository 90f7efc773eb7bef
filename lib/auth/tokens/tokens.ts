import crypto from "node:crypto";

/** Random secrets with a recognisable prefix; only their SHA-256 is ever stored. */
export function newSecret(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(32).toString("base64url")}`;
}

export function sha256(value: string): string {
  return crypto.createHash("sha256").update(value).digest("hex");
}
