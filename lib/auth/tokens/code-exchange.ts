import "server-only";
import { errors, Issuer, type Client } from "openid-client";
import { z } from "zod";
import { config } from "../../config";
import { AppError, isAppError } from "../../errors";
import { discoveryUrl } from "../../identity/oidc";
import { signInWithOidc } from "../../identity/oidc-sign-in";
import { consume } from "../session/rate-limit";
import { grantError } from "./refresh-store";
import { tokensForNewSession, type TokenResponse } from "./refresh-tokens";
import type { SignInContext } from "../session/sign-in";

// grant_type=authorization_code (seed "Authentication Flow" steps 3–7): an app sent its user to
// Authentik's /authorize with OUR client id and a PKCE challenge and got a code back; it hands us
// the code, its redirect_uri and the PKCE verifier. We redeem the code at Authentik's token
// endpoint with our client secret (the app never holds it), validate the ID token (signature by
// the issuer's JWKS, iss, aud, exp — openid-client), read userinfo, and sign the user in exactly
// as the web's OIDC sign-in does (lib/identity/oidc-sign-in.ts: account by subject, group mapping),
// answering with our access JWT and refresh token. Nothing is created before all of that passed.

const input = z.object({
  code: z.string().min(1).max(2048),
  redirect_uri: z.string().url().max(2048),
  // RFC 7636: 43–128 characters of [A-Za-z0-9-._~]; PKCE is required, apps are public clients
  code_verifier: z.string().regex(/^[A-Za-z0-9\-._~]{43,128}$/, "must be a PKCE code verifier (43–128 characters)"),
  nonce: z.string().max(512).optional(),
  // RFC 9207: the `iss` the app got with its code, checked against Authentik's (mix-up defence)
  iss: z.string().max(2048).optional(),
});

const g = globalThis as { __snxOidcClient?: { issuer: string; client: Client } };

/** Our confidential client at Authentik, from its discovery document (kept once found). */
async function oidcClient(): Promise<Client> {
  const c = config();
  if (!c.oidcEnabled)
    throw new AppError(
      "VALIDATION",
      "The code exchange needs Authentik (AUTHENTIK_ISSUER, AUTHENTIK_CLIENT_ID, AUTHENTIK_CLIENT_SECRET)",
      { oauth: "unsupported_grant_type" },
    );
  const known = g.__snxOidcClient;
  if (known && known.issuer === c.AUTHENTIK_ISSUER) return known.client;
  const issuer = await Issuer.discover(discoveryUrl(c.AUTHENTIK_ISSUER!)).catch((err: Error) => {
    throw new AppError("UNAVAILABLE", `Authentik is not reachable: ${err.message}`);
  });
  const client = new issuer.Client({
    client_id: c.AUTHENTIK_CLIENT_ID!,
    client_secret: c.AUTHENTIK_CLIENT_SECRET!,
    response_types: ["code"],
  });
  g.__snxOidcClient = { issuer: c.AUTHENTIK_ISSUER!, client };
  return client;
}

/** Authentik's answers in OAuth words: a refused code or a bad ID token is the app's invalid_grant. */
function fromProvider(err: unknown): never {
  if (err instanceof errors.OPError)
    throw grantError(`Authentik refused the code: ${err.error_description ?? err.error}`);
  if (err instanceof errors.RPError) throw grantError(`Authentik's answer was not valid: ${err.message}`);
  if (isAppError(err)) throw err;
  throw new AppError("UNAVAILABLE", `Authentik is not reachable: ${(err as Error).message}`);
}

export async function authorizationCodeGrant(
  body: Record<string, unknown>,
  ctx: SignInContext,
): Promise<TokenResponse> {
  await consume("signin", ctx.ip ?? "unknown");
  const parsed = input.safeParse(body);
  if (!parsed.success) {
    const which = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new AppError("VALIDATION", `code, redirect_uri and code_verifier are required (${which})`, {
      oauth: "invalid_request",
    });
  }
  const { code, redirect_uri, code_verifier, nonce, iss } = parsed.data;
  const client = await oidcClient();
  const claims = await (async () => {
    // an app that does not forward `iss` talks to our one issuer only: that one is expected
    const params = { code, iss: iss ?? (client.issuer.metadata.issuer as string) };
    const tokens = await client.callback(redirect_uri, params, { code_verifier, nonce, response_type: "code" });
    // userinfo is the provider's current word; openid-client checks its sub is the ID token's
    const info = tokens.access_token ? await client.userinfo(tokens) : {};
    return { ...tokens.claims(), ...info } as Record<string, unknown> & { sub: string };
  })().catch(fromProvider);

  const user = await signInWithOidc(
    {
      claims: {
        sub: claims.sub,
        email: claims.email as string | undefined,
        name: claims.name as string | undefined,
        preferredUsername: claims.preferred_username as string | undefined,
        groups: claims.groups,
      },
    },
    ctx,
  ).catch((err: unknown) => {
    // refused accounts (email taken, disabled, no email) are the app's invalid_grant, with the reason
    if (isAppError(err) && err.details?.reason) throw grantError(err.message);
    throw err;
  });
  return tokensForNewSession(user.sessionId, ctx);
}
