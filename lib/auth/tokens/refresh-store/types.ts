import { AppError } from "../../../errors";
import type { SignInContext } from "../../session/sign-in";

// Where refresh tokens live (docs/decisions/018-sign-in-delay-refresh-store-code-exchange.md): Redis when
// REDIS_URL is set, else the sessions table. Either way a `sessions` row is the device (the
// Sessions page lists it, access JWTs carry its id as `sid`, revoking it signs the device out)
// and the store keeps the seed's rules: opaque, 30 days from the sign-in (absolute: rotation never
// extends a family, ADR 027), one-time use, rotated, and a token
// presented twice revokes its whole family.
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

/** The device a token continues: the access JWT is issued for this session. */
export type Continued = { sessionId: string; userId: string; refreshToken: string };

export interface RefreshStore {
  readonly kind: "redis" | "database";
  /** A first refresh token for a session row just opened by a sign-in. */
  start(session: { id: string; userId: string; familyId: string }): Promise<string>;
  /** Uses a token once: the device's (possibly new) session and its next token. Throws
   *  UNAUTHENTICATED (oauth invalid_grant) for unknown, used, expired or signed-out tokens; a
   *  second use revokes the family first. */
  rotate(refreshToken: string, ctx: SignInContext): Promise<Continued>;
}

/** An OAuth error code for the token endpoint ("invalid_grant", ...), carried by the AppError. */
export function grantError(message: string, oauth = "invalid_grant") {
  return new AppError("UNAUTHENTICATED", message, { oauth });
}

export const refreshExpiry = () => new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000);
