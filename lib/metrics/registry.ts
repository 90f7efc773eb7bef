import "server-only";
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";
import { registerAppGauges } from "./app-gauges";

// One registry per process, kept on globalThis: Next bundles each route handler separately, and
// a module-level registry would exist once per bundle (the GraphQL route would observe into one,
// /metrics would expose another). Default process metrics are collected once, here.

export type Metrics = {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status">;
  graphqlDuration: Histogram<"operation_type" | "operation_name" | "status">;
};

const g = globalThis as { __snxMetrics?: Metrics };

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time until the response headers of a route handler, by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const graphqlDuration = new Histogram({
    name: "graphql_operation_duration_seconds",
    help: "GraphQL operation time (validation and execution), by type, bounded operation name and outcome",
    labelNames: ["operation_type", "operation_name", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  registerAppGauges(registry);
  return { registry, httpDuration, graphqlDuration };
}

export function metrics(): Metrics {
  return (g.__snxMetrics ??= create());
}
