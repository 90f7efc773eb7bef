import "server-only";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import { AppError } from "../../errors";
import { MIN_PASSWORD_LENGTH } from "./password";

// Password strength (ASVS V2.1; docs/decisions/027-local-roles-credentials-passwords.md): at
// least 12 characters, and zxcvbn's estimate at least "safely unguessable" (score 3 of 4)
// against its offline dictionaries — the common-password list, English words and names, keyboard
// patterns — plus the account's own username, e-mail and name. Applied wherever a password is
// set: first-admin setup, create user, an administrator's reset, a user's own change.

export const MIN_PASSWORD_SCORE = 3;
export const MAX_PASSWORD_LENGTH = 1024;

let factory: ZxcvbnFactory | null = null;
const zxcvbn = () =>
  (factory ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  }));

/** Why this password is refused, in words a person can act on; null when it is strong enough. */
export function passwordWeakness(password: string, userInputs: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  // zxcvbn's cost grows with length; the first 100 characters decide (a longer one is not weaker)
  const inputs = userInputs.flatMap((s) => [s, ...s.split(/[@.\s_+-]+/)]).filter((s) => s.length >= 3);
  const result = zxcvbn().check(password.slice(0, 100), inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = [result.feedback.warning, ...result.feedback.suggestions].filter((s): s is string => !!s);
  return `is too easy to guess${why.length ? `: ${why.join(" ")}` : ""}`;
}

/** Throws VALIDATION with `fields[field]` saying why, when the password is too weak. */
export function requireStrongPassword(password: string, userInputs: string[] = [], field = "password"): void {
  const weakness = passwordWeakness(password, userInputs);
  if (weakness) throw new AppError("VALIDATION", `Password ${weakness}`, { fields: { [field]: weakness } });
}
