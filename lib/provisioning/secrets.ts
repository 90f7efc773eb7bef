import "server-only";
import crypto from "node:crypto";
import { db } from "../db";
import { openSecret, sealSecret } from "../secrets/box";

// A client's generated secrets, sealed at rest (lib/secrets/box.ts). Generated once: a resumed or
// retried run keeps the values an earlier attempt made (a container may already use them).
// Read only by the provisioning steps that hand them to the services; no API returns them.

const context = (clientId: string, name: string) => `client:${clientId}:${name}`;

/** Generates the secrets not generated yet; returns how many were new. */
export async function ensureClientSecrets(clientId: string, names: string[]): Promise<number> {
  if (names.length === 0) return 0;
  const data = names.map((name) => ({
    clientId,
    name,
    sealed: sealSecret(Buffer.from(crypto.randomBytes(32).toString("base64url")), context(clientId, name), "client"),
  }));
  const { count } = await db().clientSecret.createMany({ data, skipDuplicates: true });
  return count;
}

/** Plaintext values of the client's secrets whose names start with `prefix` (e.g. "erp."), keyed without it. */
export async function readClientSecrets(clientId: string, prefix: string): Promise<Record<string, string>> {
  const rows = await db().clientSecret.findMany({ where: { clientId, name: { startsWith: prefix } } });
  return Object.fromEntries(
    rows.map((r) => [
      r.name.slice(prefix.length),
      openSecret(r.sealed, context(clientId, r.name), "client").toString(),
    ]),
  );
}

export async function deleteClientSecrets(clientId: string): Promise<number> {
  return (await db().clientSecret.deleteMany({ where: { clientId } })).count;
}
