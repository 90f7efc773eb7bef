// Benchmark (issue 6): provision a 3-service client (WEBSITE, PORTAL, DATABASE from the test
// catalog: local/busybox:1) end to end on PostgreSQL and the real Docker engine, RUNS times,
// and print the median and max time of each step, from createClient to ACTIVE.
// Run: npx tsx --conditions react-server bench/provision-client.ts   (PostgreSQL, dockerd, local/busybox:1)
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { Client } from "pg";

process.env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "snx-bench-"));
process.env.NEXTAUTH_SECRET ??= crypto.randomBytes(32).toString("base64url");
process.env.SERVICE_CATALOG = "test";
process.env.PROVISIONING_INGRESS_IP ??= "192.0.2.10";
for (const v of ["DATABASE_URL", "REDIS_URL", "ETCD_URL"]) delete process.env[v]; // zone files, in-process bus
const PG = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const RUNS = Number(process.env.RUNS ?? 5);
const raw = new Docker({ socketPath: "/var/run/docker.sock" });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function cleanup(clientId: string) {
  const filters = { label: [`securenexus.client=${clientId}`] };
  for (const c of await raw.listContainers({ all: true, filters }))
    await raw.getContainer(c.Id).remove({ force: true });
  for (const v of (await raw.listVolumes({ filters })).Volumes ?? []) await raw.getVolume(v.Name).remove();
  for (const n of await raw.listNetworks({ filters })) await raw.getNetwork(n.Id).remove();
}

async function main() {
  const { openPostgres } = await import("../lib/db/connection");
  const { applyMigrations } = await import("../lib/db/migrate");
  const { setDatabase, db } = await import("../lib/db");
  const { makeActor } = await import("../lib/auth/actor");
  const { createClient } = await import("../lib/clients/write-client");
  const { createJobRunner, registerJobHandler } = await import("../lib/jobs");
  const { PROVISION_JOB, provisionJob } = await import("../lib/provisioning/job");
  const { STEP_NAMES } = await import("../lib/provisioning/step-names");

  const name = `snx_bench_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const database = openPostgres(PG.replace(/\/[^/]*$/, `/${name}`));
  await applyMigrations(database);
  setDatabase(database);
  registerJobHandler(PROVISION_JOB, provisionJob);
  const runner = createJobRunner({ schedules: false, concurrency: 1 });
  const made: string[] = [];
  const perStep = new Map<string, number[]>(STEP_NAMES.map((s) => [s, []]));
  const totals: number[] = [];
  try {
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
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const client = await createClient({
        actor,
        input: {
          name: `Bench ${i}`,
          domain: `bench-${i}-${crypto.randomBytes(3).toString("hex")}.test`,
          services: ["WEBSITE", "PORTAL", "DATABASE"],
          branding: { primaryColor: "#123456" },
        },
      });
      made.push(client.id);
      await runner.runOnce();
      totals.push(performance.now() - t0);
      const run = await db().provisioningRun.findUniqueOrThrow({
        where: { clientId: client.id },
        include: { steps: true },
      });
      if (run.status !== "succeeded") throw new Error(`run ${i} ended ${run.status}: ${run.error}`);
      for (const s of run.steps) perStep.get(s.name)!.push(s.finishedAt!.getTime() - s.startedAt!.getTime());
    }
    const rows = STEP_NAMES.map((s) => ({
      step: s,
      medianMs: median(perStep.get(s)!),
      maxMs: Math.max(...perStep.get(s)!),
    }));
    console.table(rows);
    console.log(
      JSON.stringify({
        runs: RUNS,
        services: 3,
        endToEndMedianMs: Math.round(median(totals)),
        endToEndMaxMs: Math.round(Math.max(...totals)),
        load: os.loadavg().map((l) => l.toFixed(1)),
      }),
    );
  } finally {
    for (const id of made) await cleanup(id).catch((err) => console.error(`cleanup ${id}:`, (err as Error).message));
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
