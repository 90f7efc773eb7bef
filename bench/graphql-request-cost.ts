// Benchmark (issue 3, item 12): where the fixed cost of one authenticated GraphQL request goes,
// each part measured on its own in the same run, interleaved, next to the raw Engine list and the
// whole `services` request. Parts: bearer-token → actor (token row + user + memberships), the rate
// limiter, Yoga alone (actor given), the route handler end to end.
// Run: npx tsx --conditions react-server bench/graphql-request-cost.ts   (CONTAINERS=n RUNS=n)
// With BENCH_DATABASE_URL=postgresql://… the same containers are measured twice: on in-memory
// PGlite (the embedded default) and on a fresh database of that PostgreSQL server.
import {
  APP_ORIGIN,
  cleanupOnExit,
  createContainers,
  fmt,
  freshAdmin,
  graphql,
  median,
  raw,
  removeBenchContainers,
  RUN_ID,
} from "./services-support";

const N = Number(process.env.CONTAINERS ?? 200);
const RUNS = Number(process.env.RUNS ?? 40);
const QUERY = `{ services { id name type status image created clientId ports { privatePort publicPort protocol ip }
  resourceUsage { cpuPercent memoryUsage memoryLimit networkRx networkTx blockRead blockWrite }
  health { status failingStreak lastOutput } } }`;
const EMPTY = "{ __typename }";

type Part = { name: string; run: () => Promise<unknown> };

async function main() {
  cleanupOnExit();
  if (N > 0) {
    const t0 = performance.now();
    await createContainers(N, { start: true });
    console.log(`run ${RUN_ID}: ${N} containers started in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  try {
    await measure(null);
    if (process.env.BENCH_DATABASE_URL) await measure(process.env.BENCH_DATABASE_URL);
  } finally {
    const { stopDockerEventStreams } = await import("../lib/docker/event-stream");
    const { stopStatsSampler } = await import("../lib/docker/stats-sampler");
    stopDockerEventStreams();
    stopStatsSampler();
    if (N > 0) console.log(`removed ${await removeBenchContainers()} containers`);
  }
}

async function measure(databaseUrl: string | null | undefined) {
  const { actor, token } = await freshAdmin(databaseUrl);
  const { currentActor } = await import("../lib/auth/request/current-actor");
  const { consume } = await import("../lib/auth/session/rate-limit");
  const { listServices } = await import("../lib/services/list-services");
  const { yoga } = await import("../graphql/server");
  const { db } = await import("../lib/db");
  const { sha256 } = await import("../lib/auth/tokens/tokens");
  const tokenHash = sha256(token);
  // The path as it was before 2026-11-26 (token row, then user and memberships in parallel), kept
  // here to compare in the same run.
  const threeQueryActor = async (hash: string) => {
    const row = await db().apiToken.findUnique({
      where: { tokenHash: hash },
      select: { id: true, userId: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
    });
    if (!row) return null;
    return Promise.all([
      db().user.findUnique({
        where: { id: row.userId },
        select: { id: true, username: true, roles: true, isActive: true },
      }),
      db().userClient.findMany({
        where: { userId: row.userId, client: { deletedAt: null } },
        select: { clientId: true, role: true },
      }),
    ]);
  };
  const headers = new Headers({ authorization: `Bearer ${token}`, "x-forwarded-for": "198.51.100.10" });
  const yogaOnly = async (query: string) => {
    const res = await yoga("/api/graphql").handleRequest(
      new Request(`${APP_ORIGIN}/api/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      }),
      { actor },
    );
    return res.json();
  };
  const parts: Part[] = [
    { name: "raw listContainers(all)", run: () => raw.listContainers({ all: true }) },
    { name: "GraphQL services (route, token)", run: () => graphql(QUERY, token) },
    { name: "listServices (domain)", run: () => listServices({ actor }) },
    { name: "Yoga alone: services (actor given)", run: () => yogaOnly(QUERY) },
    { name: "GraphQL { __typename } (route, token)", run: () => graphql(EMPTY, token) },
    { name: "Yoga alone: { __typename }", run: () => yogaOnly(EMPTY) },
    { name: "token → actor (now: one statement)", run: () => currentActor(headers) },
    { name: "token → actor (before: 3 Prisma queries)", run: () => threeQueryActor(tokenHash) },
    { name: "rate limiter consume", run: () => consume("api", actor.userId) },
  ];
  for (const p of parts) await p.run(); // warm-up: schema, event stream, sampler, prepared queries
  await new Promise((r) => setTimeout(r, 1000));
  const times = new Map(parts.map((p) => [p.name, [] as number[]]));
  const cpu = new Map(parts.map((p) => [p.name, [] as number[]]));
  for (let i = 0; i < RUNS; i++) {
    for (const p of parts) {
      const c = process.cpuUsage();
      const t = performance.now();
      await p.run();
      times.get(p.name)!.push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu.get(p.name)!.push((d.user + d.system) / 1000);
    }
  }
  const m = (name: string) => median(times.get(name)!);
  console.log(
    `containers: ${(await raw.listContainers({ all: true })).length} on the engine; ${RUNS} runs each, interleaved; wall-clock median (min), CPU of this process median:`,
  );
  for (const p of parts)
    console.log(
      `  ${p.name.padEnd(44)} ${fmt(m(p.name)).padStart(9)} (${fmt(Math.min(...times.get(p.name)!))})  cpu ${fmt(median(cpu.get(p.name)!))}`,
    );
  const ratio = m("GraphQL services (route, token)") / m("raw listContainers(all)");
  console.log(
    `ratio GraphQL services / raw list: ${ratio.toFixed(2)}x (goal <= 1.3x) ${ratio <= 1.3 ? "MET" : "MISSED"}`,
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    void removeBenchContainers().finally(() => process.exit(1));
  },
);
