import "server-only";
import { headers } from "next/headers";
import type { User } from "next-auth";
import type { OAuthConfig, Provider } from "next-auth/providers/index";
import { config } from "../config";
import { isAppError } from "../errors";
import { groupsFromClaim } from "./group-pattern-match";
import { signInWithOidc, type OidcRefusal } from "./oidc-sign-in";
import { requestContext } from "../auth/request/request-context";
import type { SignInContext } from "../auth/session/sign-in";

// What profile() adds to next-auth's user; lib/auth/session/next-auth.ts hands it to signInWithOidc.
declare module "next-auth" {
  interface User {
    username?: string | null;
    groups?: string[];
  }
}

type AuthentikClaims = { sub: string; email?: string; name?: string; preferred_username?: string; groups?: unknown };

/** Authentik's issuer is per application and ends with a slash
 *  (https://sso.example/application/o/securenexus/); discovery lives right under it. */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
}

/** Authentik through OIDC, when AUTHENTIK_ISSUER/CLIENT_ID/CLIENT_SECRET are set. */
export function oidcProviders(): Provider[] {
  const c = config();
  if (!c.oidcEnabled) return [];
  const provider: OAuthConfig<AuthentikClaims> = {
    id: "authentik",
    name: "Authentik",
    type: "oauth",
    wellKnown: discoveryUrl(c.AUTHENTIK_ISSUER!),
    clientId: c.AUTHENTIK_CLIENT_ID,
    clientSecret: c.AUTHENTIK_CLIENT_SECRET,
    // Authentik puts `groups` in its "profile" scope mapping; "groups" is asked for as well for
    // providers that keep it in a scope of its own. Unknown scopes are ignored by both.
    authorization: { params: { scope: "openid email profile groups" } },
    // Claims come from the signed ID token (Authentik's "Include claims in id_token", on by
    // default), so no extra userinfo round trip is needed.
    idToken: true,
    checks: ["pkce", "state"],
    profile(claims) {
      return {
        id: claims.sub,
        email: claims.email ?? null,
        name: claims.name ?? claims.preferred_username ?? null,
        username: claims.preferred_username ?? null,
        groups: groupsFromClaim(claims.groups),
      };
    },
  };
  return [provider];
}

/** Sign-in page error codes for refused Authentik sign-ins (app/signin/sign-in-form.tsx). */
const REFUSAL_PAGE_ERROR: Record<OidcRefusal, string> = {
  email_taken: "OidcEmailTaken",
  inactive: "OidcInactive",
  no_email: "OidcNoEmail",
};

/**
 * next-auth `signIn` callback for Authentik: our account, roles and session row from the
 * provider's user. Returns the user's id and session id, or the sign-in page URL that explains
 * a refusal.
 */
export async function completeAuthentikSignIn(
  user: User,
): Promise<{ id: string; name: string; email: string; sessionId: string } | string> {
  let ctx: SignInContext = { ip: null, userAgent: null };
  try {
    ctx = requestContext(await headers());
  } catch {
    // outside a request scope (never in the route handler): sign in without IP / user agent
  }
  try {
    const out = await signInWithOidc(
      {
        claims: {
          sub: user.id,
          email: user.email,
          name: user.name,
          preferredUsername: user.username,
          groups: user.groups,
        },
      },
      ctx,
    );
    return { id: out.id, name: out.name || out.username, email: out.email, sessionId: out.sessionId };
  } catch (err) {
    const reason = isAppError(err) ? (err.details?.reason as OidcRefusal | undefined) : undefined;
    if (reason && REFUSAL_PAGE_ERROR[reason]) return `/signin?error=${REFUSAL_PAGE_ERROR[reason]}`;
    throw err;
  }
}
