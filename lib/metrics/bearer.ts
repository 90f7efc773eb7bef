import "server-only";
import crypto from "node:crypto";

/** Whether the Authorization header carries exactly `Bearer <expected>`, compared in constant
 *  time (both sides hashed first, so their lengths never leak either). */
export function hasBearerToken(authorization: string | null, expected: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  const given = crypto
    .createHash("sha256")
    .update(match?.[1] ?? "")
    .digest();
  const wanted = crypto.createHash("sha256").update(expected).digest();
  return crypto.timingSafeEqual(given, wanted) && match !== null;
}
