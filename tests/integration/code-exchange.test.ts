import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetRateLimiters } from "@/lib/auth/session/rate-limit";
import { db, type Database } from "@/lib/db";
import { OIDC_CLIENT, startOidcProvider } from "../e2e/support/oidc-provider";
import { ENGINES, installFreshDatabase } from "../support/db";
import { graphqlRequest } from "../support/graphql";
import { authorizationCode, pkcePair } from "../support/oidc-authorize";
import { claimsOf, token } from "../support/token-endpoint";

// The token endpoint's code exchange (seed "Authentication Flow" 3–7) against a real OpenID
// provider (npm oidc-provider, the one the e2e tests use for Authentik): the test plays the app
// and its user at the provider's /auth, login and consent forms, then hands the code to us.
const PORT = Number(process.env.TEST_OIDC_PORT ?? 3931);
const APP_REDIRECT = "http://127.0.0.1:1/app/callback";
const resetConfig = () =>
  ((globalThis as { __snxConfig?: unknown; __snxOidcClient?: unknown }).__snxConfig = undefined);
const unique = () => crypto.randomBytes(4).toString("hex");

let provider: Awaited<ReturnType<typeof startOidcProvider>>;
beforeAll(async () => {
  provider = await startOidcProvider({ port: PORT, appUrl: "http://localhost:3000", appRedirectUris: [APP_REDIRECT] });
  Object.assign(process.env, {
    AUTHENTIK_ISSUER: provider.issuer,
    AUTHENTIK_CLIENT_ID: OIDC_CLIENT.id,
    AUTHENTIK_CLIENT_SECRET: OIDC_CLIENT.secret,
  });
  resetConfig();
});
afterAll(async () => {
  for (const name of ["AUTHENTIK_ISSUER", "AUTHENTIK_CLIENT_ID", "AUTHENTIK_CLIENT_SECRET"]) delete process.env[name];
  resetConfig();
  await provider.close();
});

async function codeFor(login: string) {
  const pkce = pkcePair();
  const code = await authorizationCode({
    issuer: provider.issuer,
    clientId: OIDC_CLIENT.id,
    redirectUri: APP_REDIRECT,
    login,
    challenge: pkce.challenge,
  });
  return { code, verifier: pkce.verifier };
}
const exchange = (code: string, verifier: string, redirectUri = APP_REDIRECT) =>
  token({ grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier }, { form: true });

describe.each(ENGINES)("authorization code exchange on %s", (engine) => {
  let d: Database | null;
  beforeAll(async () => {
    d = await installFreshDatabase(engine);
  });
  beforeEach(() => resetRateLimiters());
  afterAll(async () => d?.close());

  it("a real code from the provider gives our access JWT and refresh token; the account and roles come from the groups", async (context) => {
    if (!d) return context.skip();
    const { code, verifier } = await codeFor("oidc-admin");
    const res = await exchange(code, verifier);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect(res.body.refresh_token).toMatch(/^snr_/);

    const user = await db().user.findUniqueOrThrow({ where: { externalId: "oidc-admin" } });
    expect(user).toMatchObject({
      source: "authentik",
      email: "oidc-admin@oidc.test",
      username: "oidc-admin",
      fullName: "OIDC oidc-admin",
      roles: ["SUPER_ADMIN"],
    });
    expect(claimsOf(res.body.access_token!)).toMatchObject({ sub: user.id, email: "oidc-admin@oidc.test" });
    const me = await graphqlRequest("{ me { id roles } }", { token: res.body.access_token });
    expect(me.data?.me).toEqual({ id: user.id, roles: ["SUPER_ADMIN"] });
    const signin = await db().auditLog.findFirst({
      where: { userId: user.id, action: "auth.signin", result: "success" },
    });
    expect(signin?.details).toMatchObject({ method: "oidc" });

    // the refresh token rotates like any other
    const next = await token({ grant_type: "refresh_token", refresh_token: res.body.refresh_token! });
    expect(next.status).toBe(200);
    // a code is good once
    const again = await exchange(code, verifier);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("invalid_grant");
  });

  it("a wrong verifier, an unknown code or another redirect_uri is a clear 400 and creates nothing", async (context) => {
    if (!d) return context.skip();
    const login = `app-${unique()}`;
    const before = { users: await db().user.count(), sessions: await db().session.count() };

    const { code, verifier } = await codeFor(login);
    const wrongVerifier = await exchange(code, pkcePair().verifier);
    expect(wrongVerifier.status).toBe(400);
    expect(wrongVerifier.body.error).toBe("invalid_grant");
    expect(wrongVerifier.body.error_description).toMatch(/^Authentik refused the code/);

    const other = await codeFor(login);
    const wrongRedirect = await exchange(other.code, other.verifier, "http://127.0.0.1:1/elsewhere");
    expect(wrongRedirect).toMatchObject({ status: 400, body: { error: "invalid_grant" } });

    const unknown = await exchange(`nope-${unique()}`, verifier);
    expect(unknown).toMatchObject({ status: 400, body: { error: "invalid_grant" } });

    const missing = await token({ grant_type: "authorization_code", code, redirect_uri: APP_REDIRECT });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe("invalid_request");
    expect(missing.body.error_description).toContain("code_verifier");

    expect(await db().user.findUnique({ where: { externalId: login } })).toBeNull();
    expect({ users: await db().user.count(), sessions: await db().session.count() }).toEqual(before);
  });
});
