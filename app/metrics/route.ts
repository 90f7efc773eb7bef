import { config } from "@/lib/config";
import { metrics } from "@/lib/metrics";
import { hasBearerToken } from "@/lib/metrics/bearer";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Prometheus scrape endpoint. With METRICS_TOKEN set, only `Authorization: Bearer <token>` may
// read it (Prometheus: `authorization: { credentials_file: ... }`); without, it is open, as
// /metrics usually is on a private network.
export async function GET(request: Request): Promise<Response> {
  const token = config().METRICS_TOKEN;
  if (token && !hasBearerToken(request.headers.get("authorization"), token)) {
    return new Response("Unauthorized\n", {
      status: 401,
      headers: { "WWW-Authenticate": 'Bearer realm="metrics"', "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}
