import { NextResponse } from "next/server";
import { currentActor } from "@/lib/auth/request/current-actor";
import { consume } from "@/lib/auth/session/rate-limit";
import { auditFilterFromParams, exportAuditLogs } from "@/lib/audit/export";
import { AppError, HTTP_STATUS, isAppError } from "@/lib/errors";
import { ensureReady } from "@/lib/startup";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/audit/export?format=csv|json&userId=&action=&resourceType=&resourceId=&result=&from=&to=
// A download for the Audit page's export buttons and for scripts (bearer token).
export async function GET(request: Request): Promise<Response> {
  await ensureReady();
  try {
    const actor = await currentActor(request.headers);
    if (!actor)
      throw new AppError(
        "UNAUTHENTICATED",
        request.headers.get("authorization") ? "Invalid or expired token" : "Sign in first",
      );
    await consume("api", actor.userId);
    const params = new URL(request.url).searchParams;
    const out = await exportAuditLogs({
      actor,
      format: params.get("format") ?? undefined,
      filter: auditFilterFromParams(params),
    });
    return new Response(out.body, {
      headers: {
        "Content-Type": out.contentType,
        "Content-Disposition": `attachment; filename="${out.filename}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    if (!isAppError(err)) throw err;
    const headers: Record<string, string> = {};
    if (err.code === "RATE_LIMITED") headers["Retry-After"] = String(err.details?.retryAfter ?? 60);
    return NextResponse.json(
      { error: { code: err.code, message: err.message, details: err.details ?? null } },
      { status: HTTP_STATUS[err.code], headers },
    );
  }
}
