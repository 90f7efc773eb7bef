// Benchmark (issue 3): Docker event → SSE client latency for `serviceStatusChanged`, and 500
// concurrent subscribers on one instance (memory per subscriber, p99 delivery latency).
// Latency = time the SSE client (route handler body, read in this process) receives the status
// minus the engine's own event time (timeNano of the die/start event, same machine clock).
// Run: NODE_OPTIONS=--expose-gc npx tsx --conditions react-server bench/service-events-latency.ts
//      (CYCLES=n SUBSCRIBERS=n FANOUT_CYCLES=n)
import {
  APP_ORIGIN,
  cleanupOnExit,
  createContainers,
  fmt,
  freshAdmin,
  percentile,
  raw,
  removeBenchContainers,
  RUN_ID,
} from "./services-support";

const CYCLES = Number(process.env.CYCLES ?? 30);
const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 500);
const FANOUT_CYCLES = Number(process.env.FANOUT_CYCLES ?? 5);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const gc = () => (globalThis as { gc?: () => void }).gc?.();

type Receipt = { id: string; status: string; at: number };

/** One SSE subscription through the route handler; calls onEvent per `data:` message. */
async function subscribe(token: string, signal: AbortSignal, onEvent: (r: Receipt) => void) {
  const { POST } = await import("../app/api/graphql/route");
  const res = await POST(
    new Request(`${APP_ORIGIN}/api/graphql`, {
      method: "POST",
      signal,
      headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "subscription { serviceStatusChanged { id status } }" }),
    }),
  );
  if (res.status !== 200) throw new Error(`subscription refused: ${res.status} ${await res.text()}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const data = block.split("\n").find((l) => l.startsWith("data:"));
          if (!data) continue;
          const s = (JSON.parse(data.slice(5)) as { data?: { serviceStatusChanged?: { id: string; status: string } } })
            .data?.serviceStatusChanged;
          if (s) onEvent({ id: s.id, status: s.status, at: now() });
        }
      }
    } catch {
      // aborted at the end of the run
    }
  })();
}

/** Engine event times (ms) of a container's die/start events, from Docker's own stream. */
async function engineEvents(id: string) {
  const times: { action: string; at: number }[] = [];
  const stream = (await raw.getEvents({
    filters: { container: [id], event: ["die", "start"] },
  })) as NodeJS.ReadableStream & { destroy(): void };
  stream.on("data", (b: Buffer) => {
    for (const line of b.toString().split("\n").filter(Boolean)) {
      const e = JSON.parse(line) as { Action: string; timeNano: number };
      times.push({ action: e.Action, at: e.timeNano / 1e6 });
    }
  });
  return { times, close: () => stream.destroy() };
}

async function waitFor(cond: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await sleep(2);
  if (!cond()) throw new Error("timed out waiting for an event");
}

/** Stops (SIGKILL at once) then starts the container `cycles` times; each status change must
 *  reach `expected` receipts. Returns latency samples (receipt − engine event time). */
async function cycle(id: string, cycles: number, receipts: Receipt[], expected: number) {
  const engine = await engineEvents(id);
  const latencies: number[] = [];
  try {
    for (let i = 0; i < cycles; i++) {
      for (const [action, status, act] of [
        ["die", "STOPPED", () => raw.getContainer(id).stop({ t: 0 })],
        ["start", "RUNNING", () => raw.getContainer(id).start()],
      ] as const) {
        receipts.length = 0;
        const before = engine.times.length;
        await act();
        await waitFor(() => receipts.filter((r) => r.id === id && r.status === status).length >= expected, 20_000);
        await waitFor(() => engine.times.slice(before).some((t) => t.action === action), 5_000);
        const evAt = engine.times.slice(before).find((t) => t.action === action)!.at;
        // first receipt of this status per subscriber = one delivery each
        for (const r of receipts.filter((x) => x.id === id && x.status === status).slice(0, expected))
          latencies.push(r.at - evAt);
        await sleep(100); // let duplicates (die + stop events) drain before the next step
      }
    }
  } finally {
    engine.close();
  }
  return latencies;
}

async function main() {
  cleanupOnExit();
  const { token } = await freshAdmin();
  const { ensureLiveServices } = await import("../lib/services/scope");
  const { dockerEventStreamConnected } = await import("../lib/docker/event-stream");
  ensureLiveServices();
  await waitFor(() => dockerEventStreamConnected("local"), 10_000);
  const [id] = await createContainers(1, { start: true });
  const abort = new AbortController();
  try {
    // 1. One SSE client.
    const one: Receipt[] = [];
    await subscribe(token, abort.signal, (r) => one.push(r));
    await sleep(500); // the subscription registers asynchronously
    await cycle(id!, 2, one, 1); // warm-up
    const lat = await cycle(id!, CYCLES, one, 1);
    console.log(`run ${RUN_ID}; gc ${typeof (globalThis as { gc?: unknown }).gc === "function" ? "on" : "off"}`);
    console.log(
      `1 subscriber, ${lat.length} status changes: p50 ${fmt(percentile(lat, 50))}, p99 ${fmt(percentile(lat, 99))}, max ${fmt(Math.max(...lat))} (goal p99 <= 250 ms) ${percentile(lat, 99) <= 250 ? "MET" : "MISSED"}`,
    );
    abort.abort();
    await sleep(500);

    // 2. SUBSCRIBERS concurrent subscriptions on this one instance.
    const abortMany = new AbortController();
    gc();
    await sleep(200);
    gc();
    const m0 = process.memoryUsage();
    const many: Receipt[] = [];
    for (let i = 0; i < SUBSCRIBERS; i++) await subscribe(token, abortMany.signal, (r) => many.push(r));
    await sleep(2000);
    gc();
    await sleep(200);
    gc();
    const m1 = process.memoryUsage();
    const heapPer = (m1.heapUsed - m0.heapUsed) / SUBSCRIBERS;
    const rssPer = (m1.rss - m0.rss) / SUBSCRIBERS;
    console.log(
      `${SUBSCRIBERS} subscribers: heap +${((m1.heapUsed - m0.heapUsed) / 2 ** 20).toFixed(1)} MiB (${(heapPer / 1024).toFixed(1)} KiB each), RSS +${((m1.rss - m0.rss) / 2 ** 20).toFixed(1)} MiB (${(rssPer / 1024).toFixed(1)} KiB each)`,
    );
    const t = performance.now();
    const fan = await cycle(id!, FANOUT_CYCLES, many, SUBSCRIBERS);
    console.log(
      `${SUBSCRIBERS} subscribers, ${FANOUT_CYCLES * 2} status changes, ${fan.length} deliveries in ${((performance.now() - t) / 1000).toFixed(1)} s: p50 ${fmt(percentile(fan, 50))}, p99 ${fmt(percentile(fan, 99))}, max ${fmt(Math.max(...fan))}`,
    );
    abortMany.abort();
  } finally {
    abort.abort();
    const { stopDockerEventStreams } = await import("../lib/docker/event-stream");
    const { stopStatsSampler } = await import("../lib/docker/stats-sampler");
    stopDockerEventStreams();
    stopStatsSampler();
    console.log(`removed ${await removeBenchContainers()} containers`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    void removeBenchContainers().finally(() => process.exit(1));
  },
);
