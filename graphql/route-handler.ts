import "server-only";
import { NextResponse } from "next/server";
import { config } from "@/lib/config";
import { currentActor } from "@/lib/auth/request/current-actor";
import { consume } from "@/lib/auth/session/rate-limit";
import { clientIp } from "@/lib/auth/request/request-context";
import { AppError, HTTP_STATUS, isAppError } from "@/lib/errors";
import { ensureReady } from "@/lib/startup";
import { yoga } from "./server";

// The HTTP edge of GraphQL, shared by /api/graphql and /graphql: origin check (Yoga's CORS only
// sets headers; a browser request from another origin is refused here), actor, rate limit.
export function graphqlHandler(endpoint: string) {
  return async function handle(request: Request): Promise<Response> {
    await ensureReady();
    const origin = request.headers.get("origin");
    if (origin && origin !== new URL(config().APP_URL).origin) {
      return errorResponse(new AppError("FORBIDDEN", `Origin ${origin} is not allowed`));
    }
    if (request.method === "OPTIONS") return yoga(endpoint).handleRequest(request, { actor: null });
    try {
      const actor = await currentActor(request.headers);
      if (request.headers.get("authorization") && !actor)
        throw new AppError("UNAUTHENTICATED", "Invalid or expired token");
      if (!actor && request.method === "GET" && request.headers.get("accept")?.includes("text/html")) {
        return NextResponse.redirect(new URL(`/signin?callbackUrl=${encodeURIComponent(endpoint)}`, config().APP_URL));
      }
      // per user when signed in; per client address when not (RATE_LIMIT_API_PER_MINUTE each)
      await consume("api", actor ? actor.userId : `anonymous:${clientIp(request.headers) ?? "unknown"}`);
      return yoga(endpoint).handleRequest(request, { actor });
    } catch (err) {
      if (isAppError(err)) return errorResponse(err);
      throw err;
    }
  };
}

function errorResponse(err: AppError): Response {
  const headers: Record<string, string> = {};
  if (err.code === "RATE_LIMITED") headers["Retry-After"] = String(err.details?.retryAfter ?? 60);
  return NextResponse.json(
    { errors: [{ message: err.message, extensions: { code: err.code } }] },
    { status: HTTP_STATUS[err.code], headers },
  );
}
