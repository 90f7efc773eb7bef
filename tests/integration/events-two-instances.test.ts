import crypto from "node:crypto";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisBus } from "@/lib/events/redis-bus";
import { openPostgres, type Database } from "@/lib/db/connection";
import { db, setDatabase } from "@/lib/db";
import { createUserActor } from "../support/actors";
import { tokenFor } from "../support/graphql";
import { requireService, SERVICE_URLS } from "../support/services";
import { busChannel, waitForSubscribers } from "../support/redis-subscribers";
import { buildExists, startAppServer, waitHealthy, type AppServer } from "../support/app-server";

describe("events across instances (Redis)", () => {
  it("the Redis bus delivers an event published by one bus to a subscriber of another", async (context) => {
    if (!(await requireService("Redis", SERVICE_URLS.redis))) return context.skip();
    const a = createRedisBus(SERVICE_URLS.redis);
    const b = createRedisBus(SERVICE_URLS.redis);
    try {
      // the channel is global to the Redis server: other files' instances may publish on it too
      const clientId = crypto.randomUUID();
      const got = new Promise((resolve) => b.subscribe("client.status", (e) => e.clientId === clientId && resolve(e)));
      await waitForSubscribers(busChannel("client.status"), (n) => n >= 1); // SUBSCRIBE acknowledged
      await a.publish("client.status", { clientId, status: "active" });
      expect(await got).toEqual({ clientId, status: "active" });
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("two app instances on one PostgreSQL + Redis", () => {
  let servers: AppServer[] = [];
  let dbName = "";
  let d: Database | null = null;
  let ready = false;

  beforeAll(async () => {
    if (
      !(await requireService("PostgreSQL", SERVICE_URLS.postgres)) ||
      !(await requireService("Redis", SERVICE_URLS.redis)) ||
      !buildExists()
    )
      return;
    dbName = `snx_two_${crypto.randomBytes(5).toString("hex")}`;
    const admin = new Client({ connectionString: SERVICE_URLS.postgres });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = SERVICE_URLS.postgres.replace(/\/[^/]*$/, `/${dbName}`);
    const env = {
      DATABASE_URL: url,
      REDIS_URL: SERVICE_URLS.redis,
      DATA_DIR: `/tmp/${dbName}`,
      NEXTAUTH_SECRET: "two-instances-secret-two-instances-secret",
      // the periodic re-check of live streams is far: only auth.revoked over Redis closes one in time
      SUBSCRIPTION_RECHECK_SECONDS: "30",
    };
    // Both start at once on an empty database: migrations must not race.
    servers = await Promise.all([startAppServer(3311, env), startAppServer(3312, env)]);
    await Promise.all(servers.map((s) => waitHealthy(s)));
    d = openPostgres(url);
    setDatabase(d);
    ready = true;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await d?.close();
    if (dbName) {
      const c = new Client({ connectionString: SERVICE_URLS.postgres });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    }
  });

  it("applied each migration exactly once", async (context) => {
    if (!ready) return context.skip();
    const rows = await d!.session((c) =>
      c.query<{ migration_name: string; n: string }>(
        `SELECT migration_name, count(*)::text AS n FROM "_prisma_migrations" GROUP BY 1`,
      ),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.n).toBe("1");
  });

  it("an audit event raised on instance A reaches a subscriber on instance B", async (context) => {
    if (!ready) return context.skip();
    const [a, b] = servers as [AppServer, AppServer];
    const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const token = await tokenFor(admin);
    // an API token makes no tokens (ADR 027): the audited mutation revokes a second one instead
    await tokenFor(admin);
    const spare = (
      await db().apiToken.findMany({ where: { userId: admin.userId }, orderBy: { createdAt: "asc" } })
    )[1]!;
    const abort = new AbortController();
    const sse = await fetch(`${b.url}/api/graphql`, {
      method: "POST",
      signal: abort.signal,
      headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "subscription { auditLogCreated { action userId } }" }),
    });
    expect(sse.status).toBe(200);
    const reader = sse.body!.getReader();
    let text = "";
    const received = (async () => {
      while (!text.includes("token.revoke")) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    })();
    await waitForSubscribers(busChannel("audit.created"), (n) => n >= 1); // the stream on B is registered
    const mutation = await fetch(`${a.url}/api/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `mutation { revokeApiToken(id: "${spare.id}") }` }),
    });
    expect((await mutation.json()).errors).toBeUndefined();
    await Promise.race([received, new Promise((r) => setTimeout(r, 10_000))]);
    abort.abort();
    expect(text).toContain("token.revoke");
    expect(text).toContain(admin.userId);
    await waitForSubscribers(busChannel("audit.created"), (n) => n === 0); // B let go: the next test's signal is its own
  });

  it("deactivating a user on instance A closes their live stream on instance B at once (auth.revoked over Redis)", async (ctx) => {
    if (!ready) return ctx.skip();
    const [a, b] = servers as [AppServer, AppServer];
    const adminToken = await tokenFor(await createUserActor({ globalRoles: ["SUPER_ADMIN"] }));
    const viewer = await createUserActor({ globalRoles: ["DEVELOPER"] });
    const abort = new AbortController();
    const sse = await fetch(`${b.url}/api/graphql`, {
      method: "POST",
      signal: abort.signal,
      headers: {
        "content-type": "application/json",
        accept: "text/event-stream",
        authorization: `Bearer ${await tokenFor(viewer)}`,
      },
      body: JSON.stringify({ query: "subscription { auditLogCreated { action } }" }),
    });
    expect(sse.status).toBe(200);
    const reader = sse.body!.getReader();
    let text = "";
    const ended = (async () => {
      while (true) {
        const { value, done } = await reader.read();
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    })();
    await waitForSubscribers(busChannel("audit.created"), (n) => n >= 1); // the stream on B is registered
    const started = Date.now();
    const mutation = await fetch(`${a.url}/api/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({
        query: `mutation { updateUser(id: "${viewer.userId}", input: { isActive: false }) { id } }`,
      }),
    });
    expect((await mutation.json()).errors).toBeUndefined();
    await Promise.race([ended, new Promise((r) => setTimeout(r, 10_000))]);
    abort.abort();
    expect(text).toContain('"code":"UNAUTHENTICATED"');
    expect(text).toContain("event: complete");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("limits sign-in attempts per IP across both instances (Redis): the 11th gets 429 + Retry-After", async (context) => {
    if (!ready) return context.skip();
    const [a, b] = servers as [AppServer, AppServer];
    const attempt = (server: AppServer) =>
      fetch(`${server.url}/api/auth/callback/password`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ login: "nobody@example.test", password: "wrong-password-123" }),
      });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 11; i++) statuses.push((last = await attempt(i % 2 ? b : a)).status);
    expect(statuses.slice(0, 10)).not.toContain(429);
    expect(statuses[10]).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
