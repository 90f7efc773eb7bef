import "server-only";
import { metrics } from "./registry";

// Wraps a route handler so each request lands in http_request_duration_seconds. `route` is the
// route's pattern ("/api/graphql"), never the URL, so the label set stays bounded. The time is
// until the handler returns its Response: for a streamed body (SSE subscriptions) that is the
// time to the first byte, not the stream's life.
export function withMetrics<Rest extends unknown[]>(
  route: string,
  handler: (request: Request, ...rest: Rest) => Response | Promise<Response>,
): (request: Request, ...rest: Rest) => Promise<Response> {
  return async function measured(request: Request, ...rest: Rest): Promise<Response> {
    const end = metrics().httpDuration.startTimer({ method: request.method, route });
    let status = "500"; // a thrown error becomes a 500 in Next
    try {
      const response = await handler(request, ...rest);
      status = String(response.status);
      return response;
    } finally {
      end({ status });
    }
  };
}
