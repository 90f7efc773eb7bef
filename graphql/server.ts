import "server-only";
import { GraphQLError } from "graphql";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { costLimitPlugin } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { config } from "@/lib/config";
import { isAppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { schema } from "./schema";
import { operationMetricsPlugin } from "./metrics-plugin";
import { anonymousIntrospectionPlugin } from "./introspection-plugin";
import type { GraphQLContext } from "./context";

type ServerContext = { actor: Actor | null };

/** GraphQL's own request errors — syntax, validation, variable coercion — are answers about the
 *  request, worded by graphql-js: they pass as they are (message, locations; Yoga's HTTP status).
 *  They never carry a path (that is execution); coercion errors wrap the scalar's or enum's own
 *  complaint, so "wrapped" alone does not make an error unexpected — a source location does not
 *  come from a resolver or a plugin's exception. */
function isRequestError(error: unknown, wrapped: boolean): boolean {
  if (!error || typeof error !== "object" || !("extensions" in error)) return false;
  const e = error as { path?: unknown; locations?: unknown[] };
  if (e.path) return false;
  return !wrapped || (Array.isArray(e.locations) && e.locations.length > 0);
}

/** AppError → its code in extensions; everything else stays masked ("Unexpected error."). */
function maskError(error: unknown, message: string): Error {
  // Unwrap by shape, not instanceof: the error may come from another copy of graphql-js, and
  // Yoga may wrap a resolver's error more than once.
  let original: unknown = error;
  while (original && typeof original === "object" && "originalError" in original && original.originalError) {
    original = original.originalError;
  }
  const wrapped = original !== error;
  if (isAppError(original)) {
    return new GraphQLError(original.message, {
      path: (error as { path?: readonly (string | number)[] }).path,
      extensions: { code: original.code, ...(original.details ? { details: original.details } : {}) },
    });
  }
  if (isRequestError(error, wrapped)) return error as Error;
  if (original) console.error("[graphql] unexpected error:", original);
  return new GraphQLError(message, { extensions: { code: "INTERNAL" } });
}

function makeYoga(graphqlEndpoint: string) {
  const c = config();
  return createYoga<ServerContext, GraphQLContext>({
    schema,
    graphqlEndpoint,
    fetchAPI: { Response },
    context: ({ request, actor }) => ({ actor, request }),
    // GraphiQL loads its scripts from a public CDN into the console's origin: development only
    // (docs/decisions/028-http-edge.md).
    graphiql:
      c.NODE_ENV === "production" ? false : { title: "SecureNexus Control GraphQL", subscriptionsProtocol: "SSE" },
    cors: { origin: new URL(c.APP_URL).origin, credentials: true, methods: ["GET", "POST"] },
    maskedErrors: { maskError },
    // Domain errors (AppError) are answers, not faults: only log what maskError did not expect.
    logging: {
      debug: () => {},
      info: () => {},
      warn: (...args: unknown[]) => console.warn("[graphql]", ...args),
      error: (...args: unknown[]) => {
        if (!args.some((a) => isAppError(a) || isAppError((a as { originalError?: unknown } | null)?.originalError)))
          console.error("[graphql]", ...args);
      },
    },
    landingPage: false,
    plugins: [
      useCSRFPrevention({ requestHeaders: ["x-graphql-yoga-csrf"] }),
      maxDepthPlugin({ n: c.GRAPHQL_MAX_DEPTH, exposeLimits: true }),
      costLimitPlugin({ maxCost: c.GRAPHQL_MAX_COST, exposeLimits: true }),
      // 300 aliases of one field used to mean 300 resolver runs; the console's own documents use few.
      maxAliasesPlugin({ n: c.GRAPHQL_MAX_ALIASES, exposeLimits: true }),
      anonymousIntrospectionPlugin(),
      operationMetricsPlugin(),
    ],
  });
}

const g = globalThis as { __snxYoga?: Map<string, YogaServerInstance<ServerContext, GraphQLContext>> };

export function yoga(endpoint: string) {
  g.__snxYoga ??= new Map();
  let y = g.__snxYoga.get(endpoint);
  if (!y) g.__snxYoga.set(endpoint, (y = makeYoga(endpoint)));
  return y;
}
