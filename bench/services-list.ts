// Benchmark (issue 3): `services` over GraphQL (route handler, bearer token of a SUPER_ADMIN)
// vs the raw Engine API list (dockerode listContainers) with 200 containers, in the same run,
// interleaved; median of RUNS each and their ratio (goal ≤ 1.3×). Containers are removed after.
// Run: npx tsx --conditions react-server bench/services-list.ts   (CONTAINERS=n RUNS=n START=0|1)
import {
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
const RUNS = Number(process.env.RUNS ?? 25);
const START = process.env.START !== "0";
const QUERY = `{ services { id name type status image created clientId ports { privatePort publicPort protocol ip }
  resourceUsage { cpuPercent memoryUsage memoryLimit networkRx networkTx blockRead blockWrite }
  health { status failingStreak lastOutput } } }`;

async function main() {
  cleanupOnExit();
  const { actor, token } = await freshAdmin();
  const { listServices } = await import("../lib/services/list-services");
  const t0 = performance.now();
  await createContainers(N, { start: START });
  console.log(
    `run ${RUN_ID}: ${N} containers ${START ? "created and started" : "created"} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  try {
    const total = (await raw.listContainers({ all: true })).length;
    // Warm-up: the first query starts the event stream and stats sampler and compiles the schema.
    const first = await graphql(QUERY, token);
    if (first.errors) throw new Error(JSON.stringify(first.errors));
    const count = (first.data?.services as unknown[]).length;
    await raw.listContainers({ all: true });
    await new Promise((r) => setTimeout(r, 1000));
    const gq: number[] = [];
    const api: number[] = [];
    const domain: number[] = [];
    const empty: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      await raw.listContainers({ all: true });
      api.push(performance.now() - t);
      t = performance.now();
      const res = await graphql(QUERY, token);
      gq.push(performance.now() - t);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      // Where the difference goes: the domain call alone, and the fixed cost of one
      // authenticated GraphQL request that reads nothing.
      t = performance.now();
      await listServices({ actor });
      domain.push(performance.now() - t);
      t = performance.now();
      await graphql("{ __typename }", token);
      empty.push(performance.now() - t);
    }
    const ratio = median(gq) / median(api);
    console.log(`containers on the engine: ${total}; services returned: ${count}; runs: ${RUNS} each, interleaved`);
    console.log(
      `raw listContainers(all): median ${fmt(median(api))} (min ${fmt(Math.min(...api))}, max ${fmt(Math.max(...api))})`,
    );
    console.log(
      `GraphQL services:        median ${fmt(median(gq))} (min ${fmt(Math.min(...gq))}, max ${fmt(Math.max(...gq))})`,
    );
    console.log(
      `  of which: listServices (domain) median ${fmt(median(domain))}; empty authenticated GraphQL request median ${fmt(median(empty))}`,
    );
    console.log(
      `ratio (median GraphQL / median raw): ${ratio.toFixed(2)}x (goal <= 1.3x) ${ratio <= 1.3 ? "MET" : "MISSED"}`,
    );
  } finally {
    const { stopDockerEventStreams } = await import("../lib/docker/event-stream");
    const { stopStatsSampler } = await import("../lib/docker/stats-sampler");
    stopDockerEventStreams();
    stopStatsSampler();
    const t = performance.now();
    const removed = await removeBenchContainers();
    console.log(`removed ${removed} containers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    void removeBenchContainers().finally(() => process.exit(1));
  },
);
