import { NextResponse } from "next/server";
import { passkeySignInOptions } from "@/lib/auth/passkeys/passkeys";
import { consume } from "@/lib/auth/session/rate-limit";
import { clientIp } from "@/lib/auth/request/request-context";
import { isAppError } from "@/lib/errors";
import { ensureReady } from "@/lib/startup";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// POST /api/passkeys/options — a fresh challenge for "Sign in with a passkey" (anonymous: the
// credential is discoverable, so no user is named). Limited per IP: each call stores a row.
export async function POST(request: Request): Promise<Response> {
  await ensureReady();
  try {
    await consume("api", `passkey-options:${clientIp(request.headers) ?? "unknown"}`);
  } catch (err) {
    if (isAppError(err) && err.code === "RATE_LIMITED") {
      return NextResponse.json(
        { error: err.message },
        { status: 429, headers: { "Retry-After": String(err.details?.retryAfter ?? 60) } },
      );
    }
    throw err;
  }
  return NextResponse.json(await passkeySignInOptions(), { headers: { "Cache-Control": "no-store" } });
}
