import { currentActor } from "@/lib/auth/request/current-actor";
import { config } from "@/lib/config";
import { healthReport } from "@/lib/health";
import { withMetrics } from "@/lib/metrics";
import { hasBearerToken } from "@/lib/metrics/bearer";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Public liveness/readiness for load balancers and `docker compose` healthchecks: 200 while the
// console can serve (HEALTHY or DEGRADED), 503 when it cannot. Startup (ensureReady) is one of
// the checks, bounded by the same timeout, so a dead database gives a 503 instead of a hang.
// The version is for signed-in callers and the metrics scraper only: to anyone else it would
// say which advisories apply (docs/decisions/028-http-edge.md).
async function health(request: Request): Promise<Response> {
  const report = await healthReport();
  const { version, ...anonymous } = report;
  const body = (await mayReadVersion(request)) ? { ...anonymous, version } : anonymous;
  return Response.json(body, {
    status: report.status === "UNHEALTHY" ? 503 : 200,
    headers: { "Cache-Control": "no-store" },
  });
}

async function mayReadVersion(request: Request): Promise<boolean> {
  const token = config().METRICS_TOKEN;
  const authorization = request.headers.get("authorization");
  if (token && authorization && hasBearerToken(authorization, token)) return true;
  if (!authorization && !request.headers.get("cookie")) return false;
  // an unhealthy database must not turn /health into a 500: then the caller is simply anonymous
  return currentActor(request.headers).then(
    (actor) => actor !== null,
    () => false,
  );
}

export const GET = withMetrics("/health", health);
