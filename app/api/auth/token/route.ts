import { NextResponse } from "next/server";
import { authorizationCodeGrant } from "@/lib/auth/tokens/code-exchange";
import { requestContext } from "@/lib/auth/request/request-context";
import { passwordGrant, refreshGrant } from "@/lib/auth/tokens/refresh-tokens";
import { HTTP_STATUS, isAppError } from "@/lib/errors";
import { ensureReady } from "@/lib/startup";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/auth/token — the token endpoint for apps and scripts (OAuth 2.0 style, RFC 6749 §5):
// grant_type=password (username, password), grant_type=refresh_token (refresh_token), or
// grant_type=authorization_code (code, redirect_uri, code_verifier: a code from Authentik).
// Body as application/x-www-form-urlencoded or JSON. Errors: {error, error_description}.
const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

function oauthError(status: number, error: string, description: string, extra: Record<string, string> = {}) {
  return NextResponse.json({ error, error_description: description }, { status, headers: { ...NO_STORE, ...extra } });
}

async function readBody(request: Request): Promise<Record<string, unknown> | null> {
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) {
      const body: unknown = await request.json();
      return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
    }
    if (type.includes("application/x-www-form-urlencoded"))
      return Object.fromEntries(new URLSearchParams(await request.text()));
  } catch {
    return null;
  }
  return null;
}

export async function POST(request: Request): Promise<Response> {
  await ensureReady();
  const body = await readBody(request);
  if (!body) return oauthError(400, "invalid_request", "Send a form-encoded or JSON body");
  const ctx = requestContext(request.headers);
  try {
    const grant = body.grant_type;
    const tokens =
      grant === "password"
        ? await passwordGrant(body, ctx)
        : grant === "refresh_token"
          ? await refreshGrant(body.refresh_token, ctx)
          : grant === "authorization_code"
            ? await authorizationCodeGrant(body, ctx)
            : null;
    if (!tokens)
      return oauthError(
        400,
        "unsupported_grant_type",
        "grant_type must be password, refresh_token or authorization_code",
      );
    return NextResponse.json(tokens, { headers: NO_STORE });
  } catch (err) {
    if (!isAppError(err)) throw err;
    if (err.code === "RATE_LIMITED") {
      return oauthError(429, "slow_down", err.message, { "Retry-After": String(err.details?.retryAfter ?? 60) });
    }
    const oauth =
      typeof err.details?.oauth === "string"
        ? err.details.oauth
        : err.code === "VALIDATION"
          ? "invalid_request"
          : "invalid_grant";
    // RFC 6749 §5.2: a refused grant is 400 invalid_grant, not 401.
    return oauthError(
      err.code === "UNAUTHENTICATED" || err.code === "VALIDATION" ? 400 : HTTP_STATUS[err.code],
      oauth,
      err.message,
    );
  }
}
