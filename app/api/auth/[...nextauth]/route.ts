import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authOptions } from "@/lib/auth/session/next-auth";
import { consume } from "@/lib/auth/session/rate-limit";
import { clientIp } from "@/lib/auth/request/request-context";
import { isAppError } from "@/lib/errors";
import { ensureReady } from "@/lib/startup";
import { withMetrics } from "@/lib/metrics";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, ctx: Ctx) {
  await ensureReady();
  const { nextauth } = await ctx.params;
  // Sign-in attempts (password posts, starting an OIDC flow, OIDC callbacks) are limited per IP:
  // 429 with Retry-After.
  if (nextauth[0] === "callback" || (nextauth[0] === "signin" && request.method === "POST")) {
    try {
      await consume("signin", clientIp(request.headers) ?? "unknown");
    } catch (err) {
      if (isAppError(err) && err.code === "RATE_LIMITED") {
        const retryAfter = String(err.details?.retryAfter ?? 60);
        return NextResponse.json(
          { error: err.message, code: err.code },
          { status: 429, headers: { "Retry-After": retryAfter } },
        );
      }
      throw err;
    }
  }
  return NextAuth(authOptions())(request, ctx);
}

const measured = withMetrics("/api/auth/[...nextauth]", handler);
export { measured as GET, measured as POST };
