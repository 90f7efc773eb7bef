import type { Server } from "node:http";
// @ts-expect-error oidc-provider 9 ships no type declarations; the little used here is typed below
import OidcProvider from "oidc-provider";

type Account = { accountId: string; claims: () => Promise<Record<string, unknown>> };
const Provider = OidcProvider as new (
  issuer: string,
  configuration: Record<string, unknown>,
) => {
  listen(port: number, host: string, onListening: () => void): Server;
};

// A real OpenID provider (npm oidc-provider) standing in for Authentik, which cannot run here.
// Its built-in login form (devInteractions) accepts any login name and password; the login name
// becomes the subject, decides the groups below, and is the email when it holds an "@".
export const OIDC_CLIENT = { id: "securenexus-e2e", secret: "e2e-client-secret-e2e-client-secret" };

export const GROUPS_BY_LOGIN: Record<string, string[]> = {
  "oidc-admin": ["admin"],
  "oidc-dev": ["developers"],
};

/** `appRedirectUris`: where apps using the token endpoint's code exchange get their code. */
export async function startOidcProvider(opts: {
  port: number;
  appUrl: string;
  appRedirectUris?: string[];
}): Promise<{ issuer: string; close: () => Promise<void> }> {
  const issuer = `http://127.0.0.1:${opts.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [`${opts.appUrl}/api/auth/callback/authentik`, ...(opts.appRedirectUris ?? [])],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    // PKCE is optional for confidential clients by default; requiring it proves the app sends it.
    pkce: { required: () => true },
    // Signs the provider's own cookies. Over plain http it leaves out `secure` by itself.
    cookies: { keys: ["e2e-oidc-cookie-key-0123456789abcdef"] },
    // Authentik-like claims, with `groups` behind a scope of its own.
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "preferred_username"],
      groups: ["groups"],
    },
    // Put the scope claims into the ID token, as Authentik does by default (the app reads them
    // from there: idToken: true).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: unknown, id: string): Promise<Account> {
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: id.includes("@") ? id : `${id}@oidc.test`,
            email_verified: true,
            name: `OIDC ${id}`,
            preferred_username: id,
            groups: GROUPS_BY_LOGIN[id] ?? [],
          };
        },
      };
    },
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = provider.listen(opts.port, "127.0.0.1", () => resolve(s));
    // Node's server closes an idle keep-alive socket after 5 s, the very moment a client (undici
    // keeps idle sockets 4 s, openid-client's agent longer) may reuse it: ECONNRESET, seen in CI.
    // The server holds idle sockets longer than any client does, so it never closes one in use.
    s.keepAliveTimeout = 65_000;
    s.once("error", reject);
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
