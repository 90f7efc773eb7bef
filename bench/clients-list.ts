// Benchmark (issue 6): `clients` over GraphQL with each client's service and user counts, for 5
// and for 50 clients: SQL statements per request (counted at the driver, tests/support/
// sql-statements.ts; goal: the same for both) and server time (route handler in process, body
// read; goal ≤ 50 ms), beside an empty authenticated request and the domain calls alone.
// Each client has USERS users and SERVICES containers (created, not started, no network,
// labelled securenexus.client and securenexus.bench=<run id>; removed after, also on Ctrl-C).
// Run: npx tsx --conditions react-server bench/clients-list.ts   (ENGINE=postgres|pglite RUNS=n)
import crypto from "node:crypto";
import { Client } from "pg";
import {
  cleanupOnExit,
  fmt,
  freshAdmin,
  graphql,
  IMAGE,
  median,
  percentile,
  raw,
  removeBenchContainers,
  RUN_ID,
} from "./services-support";
import { countStatements } from "../tests/support/sql-statements";

const ENGINE = process.env.ENGINE ?? "postgres";
const RUNS = Number(process.env.RUNS ?? 30);
const USERS = Number(process.env.USERS ?? 3);
const SERVICES = Number(process.env.SERVICES ?? 2);
const PG = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const LIST = "{ clients { id name domain status billing { plan price currency } serviceCount userCount } }";

async function postgresAdmin() {
  const { openPostgres } = await import("../lib/db/connection");
  const { applyMigrations } = await import("../lib/db/migrate");
  const { setDatabase, db } = await import("../lib/db");
  const { makeActor } = await import("../lib/auth/actor");
  const { createApiToken } = await import("../lib/auth/tokens/api-tokens");
  const name = `snx_bench_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const database = openPostgres(PG.replace(/\/[^/]*$/, `/${name}`));
  await applyMigrations(database);
  setDatabase(database);
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
  const token = (await createApiToken({ actor, name: "bench", expiresInDays: 1 })).token;
  const drop = async () => {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  return { actor, token, drop };
}

async function addClients(from: number, to: number) {
  const { db } = await import("../lib/db");
  for (let i = from; i < to; i++) {
    const c = await db().client.create({
      data: {
        name: `Bench client ${String(i).padStart(2, "0")}`,
        domain: `c${i}-${RUN_ID}.bench.test`,
        status: "active",
        metadata: { billing: { plan: "pro", price: 49, currency: "EUR" } },
      },
    });
    for (let u = 0; u < USERS; u++) {
      const user = await db().user.create({
        data: { username: `bench-${i}-${u}-${RUN_ID}`, email: `bench-${i}-${u}-${RUN_ID}@example.test` },
      });
      await db().userClient.create({ data: { userId: user.id, clientId: c.id, role: u === 0 ? "admin" : "user" } });
    }
    for (let s = 0; s < SERVICES; s++) {
      await raw.createContainer({
        name: `snxbench-${RUN_ID}-c${i}-${s}`,
        Image: IMAGE,
        Cmd: ["sleep", "86400"],
        Labels: {
          "securenexus.bench": RUN_ID,
          "securenexus.managed": "true",
          "securenexus.client": c.id,
          "securenexus.service.type": "website",
        },
        HostConfig: { NetworkMode: "none" },
      });
    }
  }
}

async function timed<T>(fn: () => Promise<T>) {
  const t0 = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - t0 };
}

async function measure(
  n: number,
  token: string,
  actor: Parameters<typeof import("../lib/clients/list-clients").listClients>[0]["actor"],
) {
  const { listClients } = await import("../lib/clients/list-clients");
  const { countsFor } = await import("../lib/clients/counts");
  for (let i = 0; i < 3; i++) await graphql(LIST, token); // warm-up (schema, token last-use write)
  const list: number[] = [],
    empty: number[] = [],
    domain: number[] = [],
    docker: number[] = [],
    statements: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await timed(() => countStatements(() => graphql(LIST, token)));
    const { result, statements: sql } = run.result;
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    const clients = result.data!.clients as { serviceCount: number | null; userCount: number }[];
    if (clients.length !== n || clients.some((c) => c.serviceCount !== SERVICES || c.userCount !== USERS))
      throw new Error(`unexpected answer: ${JSON.stringify(clients.slice(0, 3))}`);
    list.push(run.ms);
    statements.push(sql.length);
    empty.push((await timed(() => graphql("{ __typename }", token))).ms);
    domain.push((await timed(async () => countsFor((await listClients({ actor, filter: {} })).map((c) => c.id)))).ms);
    docker.push((await timed(() => raw.listContainers({ all: true }))).ms);
  }
  const row = {
    clients: n,
    statements: `${Math.min(...statements)}–${Math.max(...statements)}`,
    list: `${fmt(median(list))} (p95 ${fmt(percentile(list, 95))})`,
    empty: fmt(median(empty)),
    domain: fmt(median(domain)),
    docker: fmt(median(docker)),
  };
  console.log(`| ${row.clients} | ${row.statements} | ${row.list} | ${row.domain} | ${row.docker} | ${row.empty} |`);
}

async function main() {
  cleanupOnExit();
  const { actor, token, drop } =
    ENGINE === "pglite" ? { ...(await freshAdmin()), drop: async () => undefined } : await postgresAdmin();
  try {
    const containers = (await raw.listContainers({ all: true })).length;
    console.log(
      `run ${RUN_ID} on ${ENGINE}: ${RUNS} runs, ${USERS} users and ${SERVICES} containers per client; ${containers} containers on the engine before`,
    );
    console.log(
      "| clients | SQL statements / request | GraphQL `clients` median | domain (listClients + countsFor) | raw Docker list (all) | `{ __typename }` with token |",
    );
    console.log("| --- | --- | --- | --- | --- | --- |");
    await addClients(0, 5);
    await measure(5, token, actor);
    await addClients(5, 50);
    await measure(50, token, actor);
  } finally {
    console.log(`removed ${await removeBenchContainers()} containers`);
    await drop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    void removeBenchContainers().finally(() => process.exit(1));
  },
);
