// Shared set-up of the Services benchmarks: a fresh PGlite database with a SUPER_ADMIN and its
// bearer token, busybox containers labelled securenexus.bench=<run id> (always removed after),
// and GraphQL through the real route handler (the tests/support/graphql.ts pattern).
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";

process.env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "snx-bench-"));
process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-00";
process.env.JOBS_ENABLED ??= "false";
// One bench user opens hundreds of requests and subscriptions a minute: lift the per-user limit.
process.env.RATE_LIMIT_API_PER_MINUTE ??= "1000000";

export const IMAGE = "local/busybox:1";
export const RUN_ID = crypto.randomBytes(4).toString("hex");
export const raw = new Docker({ socketPath: "/var/run/docker.sock" });
export const APP_ORIGIN = "http://localhost:3000";

/** The bench database: in-memory PGlite (the embedded default), or with BENCH_DATABASE_URL a
 *  fresh database on that PostgreSQL server (dropped on exit), as a deployment with DATABASE_URL. */
async function benchDatabase(url: string | null | undefined) {
  const { openPglite, openPostgres } = await import("../lib/db/connection");
  if (!url) return { d: openPglite(), engine: "PGlite (in memory)" };
  const { Client } = await import("pg");
  const name = `snx_bench_${RUN_ID}_${crypto.randomBytes(2).toString("hex")}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  process.once("exit", () => {
    // best effort: a synchronous drop through psql, the process is already leaving
    spawnSync("psql", [url, "-qc", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: "ignore" });
  });
  return { d: openPostgres(url.replace(/\/[^/]*$/, `/${name}`)), engine: `PostgreSQL (${new URL(url).host})` };
}

/** `databaseUrl`: null for PGlite; by default BENCH_DATABASE_URL when set. */
export async function freshAdmin(databaseUrl: string | null | undefined = process.env.BENCH_DATABASE_URL) {
  const { applyMigrations } = await import("../lib/db/migrate");
  const { setDatabase, db } = await import("../lib/db");
  const { makeActor } = await import("../lib/auth/actor");
  const { createApiToken } = await import("../lib/auth/tokens/api-tokens");
  const { d, engine } = await benchDatabase(databaseUrl);
  console.log(`database: ${engine}`);
  await applyMigrations(d);
  setDatabase(d);
  const user = await db().user.create({
    data: { username: "bench", email: "bench@example.test", roles: ["SUPER_ADMIN"] },
  });
  const actor = makeActor({
    userId: user.id,
    username: "bench",
    globalRoles: ["SUPER_ADMIN"],
    clientRoles: [],
    via: "session",
  });
  return { actor, token: (await createApiToken({ actor, name: "bench", expiresInDays: 1 })).token };
}

/** Creates n containers (started when `start`), 8 at a time; returns their ids. */
export async function createContainers(n: number, opts: { start: boolean; cmd?: string[] }): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const c = await raw.createContainer({
        name: `snxbench-${RUN_ID}-${i}`,
        Image: IMAGE,
        Cmd: opts.cmd ?? ["sleep", "86400"],
        Labels: { "securenexus.bench": RUN_ID, "securenexus.service.type": "website" },
        HostConfig: { RestartPolicy: { Name: "no" } },
      });
      if (opts.start) await c.start();
      ids.push(c.id);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}

export async function removeBenchContainers(): Promise<number> {
  const list = await raw.listContainers({ all: true, filters: { label: [`securenexus.bench=${RUN_ID}`] } });
  for (let i = 0; i < list.length; i += 16) {
    await Promise.all(
      list.slice(i, i + 16).map((c) =>
        raw
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  }
  return list.length;
}

/** Removes the run's containers on Ctrl-C too. */
export function cleanupOnExit() {
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => void removeBenchContainers().finally(() => process.exit(130)));
  }
}

export async function graphql(
  query: string,
  token: string,
): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const { POST } = await import("../app/api/graphql/route");
  const res = await POST(
    new Request(`${APP_ORIGIN}/api/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    }),
  );
  return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

export const median = (xs: number[]) => percentile(xs, 50);
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
