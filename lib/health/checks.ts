import "server-only";
import fs from "node:fs";
import Redis from "ioredis";
import { config } from "../config";
import { database } from "../db";
import { ensureReady } from "../startup";
import { DEFAULT_DOCKER_SOCKET, dockerEndpoint, pingDocker } from "./docker-ping";
import { authentikHealthCheck } from "../directory/health";
import { registerHealthCheck } from "./registry";

// The built-in checks. Each one is cheap (one round trip) and reports only whether its backend
// answers; the runner (./index.ts) adds the timeout and runs them concurrently.

/** GET url; anything but a 2xx is down. `accept` may look at the body (etcd says health:false). */
async function httpReady(url: string, signal: AbortSignal, accept?: (body: string) => string | null) {
  const res = await fetch(url, { signal, cache: "no-store", redirect: "error" });
  const body = await res.text();
  if (!res.ok) throw new Error(`${new URL(url).pathname} answered HTTP ${res.status}`);
  const problem = accept?.(body);
  if (problem) throw new Error(problem);
}

const joinUrl = (base: string, path: string) => `${base.replace(/\/+$/, "")}${path}`;

export function registerBuiltInChecks() {
  registerHealthCheck({
    name: "database",
    critical: true,
    enabled: () => true,
    probe: async () => void (await database().prisma.$queryRaw`SELECT 1`),
  });

  // Startup (config, migrations, first admin) failing means no request can be served.
  registerHealthCheck({ name: "startup", critical: true, enabled: () => true, probe: () => ensureReady() });

  registerHealthCheck({
    name: "redis",
    critical: false,
    enabled: () => Boolean(config().REDIS_URL),
    probe: async (signal) => {
      // A short-lived connection: a shared client would hide a dead server behind its retry loop.
      const client = new Redis(config().REDIS_URL!, {
        lazyConnect: true,
        connectTimeout: 2000,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      });
      // The socket error (ECONNREFUSED …) arrives as an event; connect() then only says
      // "Connection is closed", so the event's error is the one reported.
      let socketError: unknown = null;
      client.on("error", (err) => (socketError ??= err));
      const abort = () => client.disconnect();
      signal.addEventListener("abort", abort);
      try {
        await client.connect();
        await client.ping();
      } catch (err) {
        throw socketError ?? err;
      } finally {
        signal.removeEventListener("abort", abort);
        client.disconnect();
      }
    },
  });

  registerHealthCheck({
    name: "docker",
    critical: false,
    enabled: () => Boolean(config().DOCKER_HOST) || fs.existsSync(DEFAULT_DOCKER_SOCKET),
    probe: async (signal) => {
      const endpoint = dockerEndpoint(config().DOCKER_HOST);
      if (endpoint) await pingDocker(endpoint, signal);
    },
  });

  registerHealthCheck({
    name: "etcd",
    critical: false,
    enabled: () => Boolean(config().ETCD_URL),
    probe: (signal) =>
      httpReady(joinUrl(config().ETCD_URL!, "/health"), signal, (body) => {
        const health = (JSON.parse(body) as { health?: unknown }).health;
        return health === "true" || health === true ? null : "etcd reports itself unhealthy";
      }),
  });

  registerHealthCheck({
    name: "prometheus",
    critical: false,
    enabled: () => Boolean(config().PROMETHEUS_URL),
    probe: (signal) => httpReady(joinUrl(config().PROMETHEUS_URL!, "/-/ready"), signal),
  });

  registerHealthCheck({
    name: "alertmanager",
    critical: false,
    enabled: () => Boolean(config().ALERTMANAGER_URL),
    probe: (signal) => httpReady(joinUrl(config().ALERTMANAGER_URL!, "/-/ready"), signal),
  });

  registerHealthCheck(authentikHealthCheck);
}
