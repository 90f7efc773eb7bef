import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { APP_ORIGIN, graphqlRequest, tokenFor } from "../support/graphql";
import { resetRateLimiters } from "@/lib/auth/session/rate-limit";
import type { Database } from "@/lib/db";
import { GET } from "@/app/api/graphql/route";

// What an anonymous caller may do with GraphQL: no introspection, a per-address budget; and what
// anyone may ask in one operation (aliases). graphql/introspection-plugin.ts, graphql/route-handler.ts.

const g = globalThis as { __snxConfig?: unknown; __snxYoga?: unknown };
function setEnv(env: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  g.__snxConfig = undefined;
  g.__snxYoga = undefined;
  resetRateLimiters();
}
const saved = { RATE_LIMIT_API_PER_MINUTE: process.env.RATE_LIMIT_API_PER_MINUTE, NODE_ENV: process.env.NODE_ENV };
const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }`;

describe("GraphQL limits for anonymous callers and aliases", () => {
  let d: Database | null;
  let token = "";
  beforeAll(async () => {
    d = await installFreshDatabase("pglite");
    token = await tokenFor(await createUserActor({ globalRoles: ["DEVELOPER"] }));
  });
  afterEach(() => setEnv(saved));
  afterAll(async () => d?.close());

  it("refuses introspection to an anonymous caller with a clear error, and allows it signed in", async () => {
    for (const query of [
      "{ __schema { types { name } } }",
      '{ __type(name: "Query") { fields { name } } }',
      "query { a: __typename b: __schema { queryType { name } } }",
    ]) {
      const anonymous = await graphqlRequest(query);
      expect(anonymous.data ?? null, query).toBeNull();
      expect(anonymous.codes, query).toContain("UNAUTHENTICATED");
      expect(anonymous.errors?.[0]?.message).toMatch(/Introspection is only for signed-in callers/);
    }
    expect((await graphqlRequest("{ __typename }")).data).toEqual({ __typename: "Query" });

    const signedIn = await graphqlRequest("{ __schema { types { name } } }", { token });
    expect(signedIn.errors).toBeUndefined();
    expect((signedIn.data?.__schema as { types: { name: string }[] }).types.map((t) => t.name)).toContain("Query");
  });

  it("refuses 300 aliases in one operation, signed in or not, before any of them runs", async () => {
    const started = performance.now();
    const anonymous = await graphqlRequest(aliases(300, "__schema { types { name } }"));
    expect(anonymous.data ?? null).toBeNull();
    expect(anonymous.errors?.map((e) => e.message).join(" ")).toMatch(/Aliases limit of 15 exceeded, found 300/);
    expect(JSON.stringify(anonymous).length).toBeLessThan(50_000);
    expect(performance.now() - started).toBeLessThan(2_000);

    const signedIn = await graphqlRequest(aliases(300, "me { id }"), { token });
    expect(signedIn.data ?? null).toBeNull();
    expect(signedIn.errors?.[0]?.message).toMatch(/Aliases limit of 15 exceeded, found 300/);
    expect((await graphqlRequest(aliases(15, "me { id }"), { token })).errors).toBeUndefined();
  });

  it("rate-limits anonymous requests per client address: 429 with Retry-After", async () => {
    setEnv({ RATE_LIMIT_API_PER_MINUTE: "5" });
    const from = (ip: string) => graphqlRequest("{ __typename }", { headers: { "x-forwarded-for": ip } });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await from("198.51.100.201")).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await from("198.51.100.201");
    expect(refused.codes).toEqual(["RATE_LIMITED"]);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // another address has a budget of its own
    expect((await from("198.51.100.202")).status).toBe(200);
  });

  it("serves no GraphiQL page (scripts from a public CDN) in production", async () => {
    setEnv({ NODE_ENV: "production" });
    const res = await GET(
      new Request(`${APP_ORIGIN}/api/graphql`, { headers: { accept: "text/html", authorization: `Bearer ${token}` } }),
    );
    const body = await res.text();
    expect(body).not.toMatch(/<html|unpkg\.com|cdn\.jsdelivr/i);
  });
});
