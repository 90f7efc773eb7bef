import crypto from "node:crypto";

// Plays the app and its user at the OpenID provider of tests/e2e/support/oidc-provider.ts (npm
// oidc-provider, standing in for Authentik): /auth with PKCE, its login form, its consent form,
// then reads the code off the redirect to the app. Plain fetch with a cookie jar.

export function pkcePair() {
  const verifier = crypto.randomBytes(32).toString("base64url");
  return { verifier, challenge: crypto.createHash("sha256").update(verifier).digest("base64url") };
}

export async function authorizationCode(opts: {
  issuer: string;
  clientId: string;
  redirectUri: string;
  login: string;
  challenge: string;
}): Promise<string> {
  const jar = new Map<string, string>();
  const go = async (url: string, form?: Record<string, string>): Promise<string> => {
    const res = await fetch(new URL(url, opts.issuer), {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    await res.arrayBuffer();
    const next = res.headers.get("location");
    if (!next) throw new Error(`OpenID provider answered ${res.status} at ${url} without a redirect`);
    return new URL(next, opts.issuer).toString();
  };

  const auth = new URL("/auth", opts.issuer);
  Object.entries({
    client_id: opts.clientId,
    response_type: "code",
    redirect_uri: opts.redirectUri,
    scope: "openid email profile groups",
    code_challenge: opts.challenge,
    code_challenge_method: "S256",
    state: crypto.randomBytes(8).toString("hex"),
  }).forEach(([k, v]) => auth.searchParams.set(k, v));
  let url = await go(auth.toString());
  // login, then consent: each interaction is a form post that resumes the authorization
  for (const prompt of ["login", "consent"]) {
    if (url.startsWith(opts.redirectUri)) break; // consent given before: straight back to the app
    const uid = /\/interaction\/([^/?]+)/.exec(url)?.[1];
    if (!uid) throw new Error(`expected the ${prompt} interaction, got ${url}`);
    url = await go(
      `/interaction/${uid}`,
      prompt === "login" ? { prompt, login: opts.login, password: "any password works" } : { prompt },
    );
    url = await go(url);
  }
  const code = new URL(url).searchParams.get("code");
  if (!code) throw new Error(`no code in the redirect to the app: ${url}`);
  return code;
}
