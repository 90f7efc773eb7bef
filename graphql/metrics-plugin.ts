import "server-only";
import { getOperationAST, type DocumentNode, type ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import { metrics, operationNameLabel } from "@/lib/metrics";

// graphql_operation_duration_seconds: execution time of each query and mutation, the time to set
// up each subscription (not its life), and every operation refused by validation (depth, cost,
// unknown fields) as status="error". Parse errors never name an operation: the HTTP histogram
// counts those requests.

type Outcome = "ok" | "error";

function outcome(result: unknown): Outcome {
  const errors = (result as ExecutionResult | null)?.errors;
  return errors && errors.length > 0 ? "error" : "ok";
}

/** Labels from the document itself: a client need not send operationName for a named query. */
function observe(document: DocumentNode, operationName: string | null | undefined, status: Outcome, started: number) {
  const operation = getOperationAST(document, operationName ?? undefined);
  metrics().graphqlDuration.observe(
    {
      operation_type: operation?.operation ?? "unknown",
      operation_name: operationNameLabel(operation ? operation.name?.value : operationName),
      status,
    },
    (performance.now() - started) / 1000,
  );
}

export function operationMetricsPlugin(): Plugin {
  return {
    onValidate({ params, context }) {
      const started = performance.now();
      return ({ valid }) => {
        if (valid) return;
        const operationName = (context as { params?: { operationName?: string | null } }).params?.operationName;
        observe(params.documentAST, operationName, "error", started);
      };
    },
    onExecute({ args }) {
      const started = performance.now();
      return {
        onExecuteDone: ({ result }) => observe(args.document, args.operationName, outcome(result), started),
      };
    },
    onSubscribe({ args }) {
      const started = performance.now();
      return {
        onSubscribeResult: ({ result }) => observe(args.document, args.operationName, outcome(result), started),
      };
    },
  };
}
