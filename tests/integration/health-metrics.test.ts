import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, installFreshDatabase } from "../support/db";
import { IN_CI, requireService, SERVICE_URLS } from "../support/services";
import { GET as health } from "@/app/health/route";
import { GET as metricsRoute } from "@/app/metrics/route";
import { POST as graphql } from "@/app/api/graphql/route";
import { db, setDatabase, type Database } from "@/lib/db";
import { openPglite, openPostgres } from "@/lib/db/connection";
import { ensureReady } from "@/lib/startup";

// GET /health and GET /metrics, called as Next calls them (the exported route handlers), against
// a fresh database and the real backends of scripts/services.sh.

const BACKENDS = {
  REDIS_URL: process.env.REDIS_URL ?? SERVICE_URLS.redis,
  ETCD_URL: process.env.ETCD_URL ?? "http://127.0.0.1:2379",
  PROMETHEUS_URL: process.env.PROMETHEUS_URL ?? "http://127.0.0.1:9090",
  ALERTMANAGER_URL: process.env.ALERTMANAGER_URL ?? "http://127.0.0.1:9093",
};
const DOCKER_SOCKET = process.env.DOCKER_HOST?.startsWith("unix://")
  ? new URL(process.env.DOCKER_HOST).pathname
  : "/var/run/docker.sock";
const ENV_KEYS = [...Object.keys(BACKENDS), "DOCKER_HOST", "METRICS_TOKEN"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

/** Sets (or, with undefined, unsets) these variables and makes config() read them again. */
function setEnv(env: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>>) {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  (globalThis as { __snxConfig?: unknown }).__snxConfig = undefined;
}

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** A server that accepts connections and never answers (a hung backend). */
async function silentServer() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => void sockets.add(s)).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return { url, close: () => (sockets.forEach((s) => s.destroy()), new Promise((r) => server.close(r))) };
}

/** Like requireService, for Docker's unix socket. */
async function requireDockerSocket(): Promise<boolean> {
  const ok = await new Promise<boolean>((resolve) => {
    const s = net.connect({ path: DOCKER_SOCKET });
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
  if (ok) return true;
  if (IN_CI) throw new Error(`Docker is required in CI but ${DOCKER_SOCKET} does not answer (run scripts/services.sh)`);
  console.warn(
    `[tests] SKIPPED: Docker socket ${DOCKER_SOCKET} not reachable; the all-healthy case does not run (outside CI only)`,
  );
  return false;
}

async function getHealth() {
  const res = await health(new Request("http://localhost/health"));
  return {
    res,
    body: (await res.json()) as {
      status: string;
      version: string;
      uptime: number;
      checks: Record<string, { status: string; latencyMs: number | null; error: string | null }>;
    },
  };
}

/** The value of one sample in a Prometheus exposition, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

const graphqlRequest = (body: unknown) =>
  graphql(
    new Request("http://localhost/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );

describe.each(ENGINES)("health and metrics on %s", (engine) => {
  let d: Database | null;
  const backends: Partial<typeof BACKENDS> = {};
  let dockerUp = false;

  beforeAll(async () => {
    d = await installFreshDatabase(engine);
    (globalThis as { __snxReady?: unknown }).__snxReady = undefined; // startup against this database
    await ensureReady(); // as instrumentation.ts does at boot, before the first /health poll
    // Each configured backend must answer; outside CI a missing one is left unconfigured.
    if (await requireService("Redis", BACKENDS.REDIS_URL)) backends.REDIS_URL = BACKENDS.REDIS_URL;
    if (await requireService("etcd", BACKENDS.ETCD_URL)) backends.ETCD_URL = BACKENDS.ETCD_URL;
    if (await requireService("Prometheus", BACKENDS.PROMETHEUS_URL)) backends.PROMETHEUS_URL = BACKENDS.PROMETHEUS_URL;
    if (await requireService("Alertmanager", BACKENDS.ALERTMANAGER_URL))
      backends.ALERTMANAGER_URL = BACKENDS.ALERTMANAGER_URL;
    dockerUp = await requireDockerSocket();
  });
  afterAll(async () => {
    setEnv(savedEnv);
    await d?.close();
  });

  // Every backend that answers here (all of them in CI) configured; the rest unset.
  const allConfigured = () =>
    setEnv({
      REDIS_URL: backends.REDIS_URL,
      ETCD_URL: backends.ETCD_URL,
      PROMETHEUS_URL: backends.PROMETHEUS_URL,
      ALERTMANAGER_URL: backends.ALERTMANAGER_URL,
      DOCKER_HOST: `unix://${DOCKER_SOCKET}`,
      METRICS_TOKEN: undefined,
    });

  it("is HEALTHY (200) with the database and every configured backend up", async (context) => {
    if (!d || !dockerUp) return context.skip();
    allConfigured();
    const { res, body } = await getHealth();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(body).toMatchObject({ status: "HEALTHY" }); // the version only to signed-in callers (security-health-metrics.test.ts)
    // Seconds since the process started (not since this route's module was loaded).
    expect(body.uptime).toBeGreaterThan(process.uptime() - 2);
    expect(body.uptime).toBeLessThanOrEqual(process.uptime());
    const expected = [
      "database",
      "startup",
      "docker",
      ...(backends.REDIS_URL ? ["redis"] : []),
      ...(backends.ETCD_URL ? ["etcd"] : []),
      ...(backends.PROMETHEUS_URL ? ["prometheus"] : []),
      ...(backends.ALERTMANAGER_URL ? ["alertmanager"] : []),
    ];
    for (const name of expected) {
      expect(body.checks[name], name).toMatchObject({ status: "up", error: null });
      expect(body.checks[name]!.latencyMs).toBeGreaterThanOrEqual(0);
    }
  });

  it("reports a backend that is not configured as disabled, not as an error", async (context) => {
    if (!d) return context.skip();
    setEnv({
      REDIS_URL: undefined,
      ETCD_URL: undefined,
      PROMETHEUS_URL: undefined,
      ALERTMANAGER_URL: undefined,
      DOCKER_HOST: undefined,
    });
    const { body } = await getHealth();
    for (const name of ["redis", "etcd", "prometheus", "alertmanager"]) {
      expect(body.checks[name], name).toEqual({ status: "disabled", latencyMs: null, error: null });
    }
    expect(body.checks.database!.status).toBe("up");
    // Docker stays configured while the local socket exists (the embedded default uses it).
    expect(body.checks.docker!.status).toBe(
      fs.existsSync("/var/run/docker.sock") ? (dockerUp ? "up" : "down") : "disabled",
    );
    if (body.checks.docker!.status !== "down") expect(body.status).toBe("HEALTHY");
  });

  it("is DEGRADED (200) when a configured optional backend is down, and names only the error", async (context) => {
    if (!d) return context.skip();
    allConfigured();
    setEnv({ REDIS_URL: `redis://:hunter2-redis-password@127.0.0.1:${await closedPort()}` });
    const { res, body } = await getHealth();
    expect(res.status).toBe(200);
    expect(body.status).toBe("DEGRADED");
    expect(body.checks.redis).toMatchObject({ status: "down", error: expect.stringContaining("ECONNREFUSED") });
    expect(body.checks.database!.status).toBe("up");
    expect(JSON.stringify(body)).not.toContain("hunter2");
  });

  it("gives every check a timeout and runs them concurrently", async (context) => {
    if (!d) return context.skip();
    const hung = await silentServer();
    try {
      allConfigured();
      setEnv({ ETCD_URL: hung.url, PROMETHEUS_URL: hung.url, ALERTMANAGER_URL: hung.url });
      const started = Date.now();
      const { res, body } = await getHealth();
      const elapsed = Date.now() - started;
      expect(res.status).toBe(200);
      expect(body.status).toBe("DEGRADED");
      for (const name of ["etcd", "prometheus", "alertmanager"]) {
        expect(body.checks[name], name).toMatchObject({ status: "down", error: "no answer within 2000 ms" });
      }
      expect(elapsed).toBeLessThan(3500); // three hung 2 s checks, run side by side
    } finally {
      await hung.close();
    }
  });

  it("is UNHEALTHY (503) when the database cannot be reached, even though startup fails", async (context) => {
    if (!d) return context.skip();
    allConfigured();
    const unreachable =
      engine === "postgres"
        ? openPostgres(`postgresql://postgres@127.0.0.1:${await closedPort()}/nowhere`)
        : openPglite();
    if (engine === "pglite") await unreachable.close(); // a closed embedded database answers nothing
    setDatabase(unreachable);
    (globalThis as { __snxReady?: unknown }).__snxReady = undefined;
    try {
      const { res, body } = await getHealth();
      expect(res.status).toBe(503);
      expect(body.status).toBe("UNHEALTHY");
      expect(body.checks.database!.status).toBe("down");
      expect(body.checks.database!.error).toMatch(engine === "postgres" ? /DatabaseNotReachable/ : /closed/);
      expect(body.checks.startup!.status).toBe("down");
      expect(JSON.stringify(body)).not.toMatch(/postgresql:\/\/|\bat .*\.ts:\d+/);
    } finally {
      if (engine === "postgres") await unreachable.close();
      setDatabase(d);
      (globalThis as { __snxReady?: unknown }).__snxReady = undefined;
      await ensureReady();
    }
  });

  it("exposes HTTP, GraphQL and product metrics that promtool accepts", async (context) => {
    if (!d) return context.skip();
    allConfigured();
    await db().client.create({ data: { name: "Kept", domain: `kept-${engine}.test` } });
    await db().client.create({ data: { name: "Gone", domain: `gone-${engine}.test`, deletedAt: new Date() } });
    await db().job.create({ data: { type: "test.metrics" } });
    await db().user.create({ data: { username: `active-${engine}`, email: `active-${engine}@example.test` } });
    await db().user.create({
      data: { username: `off-${engine}`, email: `off-${engine}@example.test`, isActive: false },
    });

    const gql = await graphqlRequest({ query: "{ __typename }" });
    expect(gql.status).toBe(200);
    expect(await gql.json()).toEqual({ data: { __typename: "Query" } });
    await graphqlRequest({ query: "query HealthPing { __typename }", operationName: "HealthPing" });
    await graphqlRequest({ query: `query ${"X".repeat(65)} { __typename }` });
    await graphqlRequest({ query: "{ noSuchField }" });

    const res = await metricsRoute(new Request("http://localhost/metrics"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();

    expect(
      sample(text, "http_request_duration_seconds_count", { method: "POST", route: "/api/graphql", status: "200" }),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sample(text, "graphql_operation_duration_seconds_count", {
        operation_type: "query",
        operation_name: "anonymous",
        status: "ok",
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, "graphql_operation_duration_seconds_count", { operation_name: "HealthPing", status: "ok" }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, "graphql_operation_duration_seconds_count", { operation_name: "other", status: "ok" }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, "graphql_operation_duration_seconds_count", { status: "error" })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain("X".repeat(65));
    expect(sample(text, "securenexus_clients")).toBe(1);
    expect(sample(text, "securenexus_users_active")).toBe(1);
    expect(sample(text, "securenexus_jobs", { status: "queued" })).toBe(1);
    expect(sample(text, "securenexus_jobs", { status: "failed" })).toBe(0);
    expect(sample(text, "securenexus_up", { check: "database" })).toBe(1);
    if (backends.REDIS_URL) expect(sample(text, "securenexus_up", { check: "redis" })).toBe(1);
    expect(sample(text, "process_cpu_user_seconds_total")).toBeGreaterThan(0);

    await expectPromtoolAccepts(text);
  });

  it("requires Authorization: Bearer METRICS_TOKEN when it is set", async (context) => {
    if (!d) return context.skip();
    const token = "metrics-token-0123456789abcdef";
    setEnv({ METRICS_TOKEN: token });
    const get = (authorization?: string) =>
      metricsRoute(new Request("http://localhost/metrics", { headers: authorization ? { authorization } : {} }));
    const anonymous = await get();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await get(`Bearer ${token}x`)).status).toBe(401);
    expect((await get(token)).status).toBe(401);
    const ok = await get(`Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("securenexus_up");
    setEnv({ METRICS_TOKEN: undefined });
  });
});

/** promtool exits 1 when the exposition does not parse and 3 when it parses but has lint
 *  findings (naming advice). Parse errors fail; lint findings fail only for our own metrics. */
async function expectPromtoolAccepts(text: string) {
  const promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].find((p) => fs.existsSync(p));
  if (!promtool) {
    if (IN_CI)
      throw new Error("promtool is required in CI (Debian package prometheus, installed by scripts/services.sh)");
    console.warn("[tests] SKIPPED: promtool not installed; exposition not checked (outside CI only)");
    return;
  }
  const run = spawnSync(promtool, ["check", "metrics"], { input: text, encoding: "utf8" });
  const output = `${run.stdout}${run.stderr}`;
  expect(run.status, output).not.toBe(1);
  expect([0, 3], output).toContain(run.status);
  const ours = output.split("\n").filter((l) => /^(http_request_|graphql_operation_|securenexus_)/.test(l));
  expect(ours).toEqual([]);
}
