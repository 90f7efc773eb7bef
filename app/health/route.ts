import { healthReport } from "@/lib/health";
import { withMetrics } from "@/lib/metrics";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Public liveness/readiness for load balancers and `docker compose` healthchecks: 200 while the
// console can serve (HEALTHY or DEGRADED), 503 when it cannot. Startup (ensureReady) is one of
// the checks, bounded by the same timeout, so a dead database gives a 503 instead of a hang.
async function health(): Promise<Response> {
  const report = await healthReport();
  return Response.json(report, {
    status: report.status === "UNHEALTHY" ? 503 : 200,
    headers: { "Cache-Control": "no-store" },
  });
}

export const GET = withMetrics("/health", health);
