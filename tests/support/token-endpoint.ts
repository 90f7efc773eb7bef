import { POST as tokenEndpoint } from "@/app/api/auth/token/route";
import { APP_ORIGIN } from "./graphql";

export type TokenBody = {
  access_token?: string;
  token_type?: string;
  expires_in?: number;
  refresh_token?: string;
  error?: string;
  error_description?: string;
};

/** One call to the real token endpoint (/api/auth/token); `form` sends x-www-form-urlencoded, else JSON. */
export async function token(body: Record<string, string>, opts: { form?: boolean; ip?: string } = {}) {
  const res = await tokenEndpoint(
    new Request(`${APP_ORIGIN}/api/auth/token`, {
      method: "POST",
      headers: {
        "content-type": opts.form ? "application/x-www-form-urlencoded" : "application/json",
        "x-forwarded-for": opts.ip ?? "198.51.100.20",
        "user-agent": "deploy-script/1.0",
      },
      body: opts.form ? new URLSearchParams(body).toString() : JSON.stringify(body),
    }),
  );
  return { status: res.status, headers: res.headers, body: (await res.json()) as TokenBody };
}

/** The claims of an access JWT (no verification: the tests check what the server put in). */
export function claimsOf(accessToken: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(accessToken.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
}
