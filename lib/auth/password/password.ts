import "server-only";
import argon2 from "argon2";

// argon2id with the library's defaults (m=64 MiB, t=3, p=4): OWASP's recommended family.
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  // Unknown users verify against a fixed hash so both cases take the same time.
  const target = hash ?? (await dummyHash());
  const ok = await argon2.verify(target, password).catch(() => false);
  return ok && hash !== null;
}

let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= hashPassword("not-a-real-password-" + Math.random()));

export const MIN_PASSWORD_LENGTH = 12;
