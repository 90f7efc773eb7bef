import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { revokeApiToken } from "@/lib/auth/tokens/api-tokens";
import { resetRateLimiters } from "@/lib/auth/session/rate-limit";
import { db, type Database } from "@/lib/db";
import { GET } from "@/app/api/graphql/route";

// The GraphQL door as an outside caller meets it: authentication, tokens, limits, origin.
describe("GraphQL edge", () => {
  let d: Database | null;
  beforeAll(async () => void (d = await installFreshDatabase("pglite")));
  afterAll(async () => d?.close());

  it("answers an unsigned { me { id } } with UNAUTHENTICATED and a bearer token with data", async () => {
    const unsigned = await graphqlRequest("{ me { id } }");
    expect(unsigned.codes).toContain("UNAUTHENTICATED");
    expect(unsigned.data ?? null).toBeNull();

    const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const signed = await graphqlRequest("{ me { id username roles } }", { token: await tokenFor(admin) });
    expect(signed.errors).toBeUndefined();
    expect(signed.data?.me).toMatchObject({ id: admin.userId, roles: ["SUPER_ADMIN"] });
  });

  it("refuses revoked, expired and unknown tokens", async () => {
    const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const token = await tokenFor(admin);
    const row = await db().apiToken.findFirstOrThrow({ where: { userId: admin.userId } });
    await revokeApiToken({ actor: admin, id: row.id });
    expect((await graphqlRequest("{ me { id } }", { token })).codes).toContain("UNAUTHENTICATED");

    const token2 = await tokenFor(admin);
    await db().apiToken.updateMany({
      where: { userId: admin.userId, revokedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await graphqlRequest("{ me { id } }", { token: token2 })).status).toBe(401);
    expect((await graphqlRequest("{ me { id } }", { token: "snx_not-a-real-token" })).status).toBe(401);
  });

  it("gives a token no more rights than its user has now", async () => {
    const dev = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const token = await tokenFor(dev);
    await db().user.update({ where: { id: dev.userId }, data: { roles: ["DEVELOPER"] } });
    const res = await graphqlRequest("{ me { roles permissions } }", { token });
    expect(res.data?.me).toMatchObject({ roles: ["DEVELOPER"] });
    expect((res.data?.me as { permissions: string[] }).permissions).not.toContain("client:delete");
    await db().user.update({ where: { id: dev.userId }, data: { isActive: false } });
    expect((await graphqlRequest("{ me { id } }", { token })).codes).toContain("UNAUTHENTICATED");
  });

  it("refuses a 20-deep query", async () => {
    const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const deep = "{ __schema { types { " + "fields { type { ".repeat(9) + "name" + " } }".repeat(9) + " } } }";
    const res = await graphqlRequest(deep, { token: await tokenFor(admin) });
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.message).toMatch(/depth/i);
  });

  it("refuses a request from another origin", async () => {
    const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const res = await graphqlRequest("{ me { id } }", {
      token: await tokenFor(admin),
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect(res.codes).toContain("FORBIDDEN");
    const same = await graphqlRequest("{ me { id } }", {
      token: await tokenFor(admin),
      headers: { origin: "http://localhost:3000" },
    });
    expect(same.status).toBe(200);
  });

  it("masks unexpected errors and maps domain errors to extensions.code", async () => {
    const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const res = await graphqlRequest(`{ auditLogs(first: 0) { edges { node { id } } } }`, {
      token: await tokenFor(admin),
    });
    expect(res.codes).toEqual(["VALIDATION"]);
    const nf = await graphqlRequest(`{ client(id: "00000000-0000-4000-8000-000000000000") { id } }`, {
      token: await tokenFor(admin),
    });
    expect(nf.codes).toEqual(["NOT_FOUND"]);
  });

  it("rate-limits a user to the API budget with 429 and Retry-After", async () => {
    process.env.RATE_LIMIT_API_PER_MINUTE = "5";
    (globalThis as { __snxConfig?: unknown }).__snxConfig = undefined;
    resetRateLimiters();
    try {
      const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
      const token = await tokenFor(admin);
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 7; i++) statuses.push((last = await graphqlRequest("{ me { id } }", { token })).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      delete process.env.RATE_LIMIT_API_PER_MINUTE;
      (globalThis as { __snxConfig?: unknown }).__snxConfig = undefined;
      resetRateLimiters();
    }
  });

  it("serves GraphiQL to a signed-in browser and sends an unsigned one to the sign-in page", async () => {
    const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const token = await tokenFor(admin);
    const page = await GET(
      new Request("http://localhost:3000/api/graphql", {
        headers: { accept: "text/html", authorization: `Bearer ${token}` },
      }),
    );
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/graphiql/i);
    const anon = await GET(new Request("http://localhost:3000/api/graphql", { headers: { accept: "text/html" } }));
    expect(anon.status).toBe(307);
    expect(anon.headers.get("location")).toMatch(/\/signin\?callbackUrl=%2Fapi%2Fgraphql$/);
  });
});
