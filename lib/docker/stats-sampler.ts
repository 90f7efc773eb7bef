import "server-only";
import type Docker from "dockerode";
import { docker, dockerHosts, type ContainerRef, type HostName } from "./connection";

// Stats never run on the request path: a `stats?stream=false` call costs ~1 s per container
// because the engine waits for a second CPU reading. This sampler asks for one-shot samples
// (no wait) from a bounded pool every few seconds and computes CPU % from its own previous
// sample; queries only read the cache (docs/decisions/007-docker-services.md).

export type ResourceUsage = {
  cpuPercent: number;
  memoryUsage: number;
  memoryLimit: number;
  networkRx: number;
  networkTx: number;
  blockRead: number;
  blockWrite: number;
  sampledAt: Date | null;
};

export const EMPTY_USAGE: ResourceUsage = {
  cpuPercent: 0,
  memoryUsage: 0,
  memoryLimit: 0,
  networkRx: 0,
  networkTx: 0,
  blockRead: 0,
  blockWrite: 0,
  sampledAt: null,
};

type Sampler = {
  timer: NodeJS.Timeout | null;
  cache: Map<string, ResourceUsage>;
  prev: Map<string, Docker.ContainerStats>;
  running: boolean;
};
const g = globalThis as { __snxStatsSampler?: Sampler };
const state = (): Sampler =>
  (g.__snxStatsSampler ??= { timer: null, cache: new Map(), prev: new Map(), running: false });
const key = (ref: ContainerRef) => `${ref.host}/${ref.containerId}`;

export const SAMPLE_INTERVAL_MS = 5000;
const POOL_SIZE = 4;

/** The last sample of a container, zeros with `sampledAt: null` before the first one. */
export function cachedUsage(ref: ContainerRef): ResourceUsage {
  return state().cache.get(key(ref)) ?? EMPTY_USAGE;
}

/** CPU % between two readings (same formula as `docker stats`), memory without page cache. */
export function usageFrom(s: Docker.ContainerStats, prev: Docker.ContainerStats | undefined, at: Date): ResourceUsage {
  let cpuPercent = 0;
  if (prev) {
    const cpuDelta = s.cpu_stats.cpu_usage.total_usage - prev.cpu_stats.cpu_usage.total_usage;
    const sysDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (prev.cpu_stats.system_cpu_usage ?? 0);
    const cpus = s.cpu_stats.online_cpus || s.cpu_stats.cpu_usage.percpu_usage?.length || 1;
    if (cpuDelta > 0 && sysDelta > 0) cpuPercent = (cpuDelta / sysDelta) * cpus * 100;
  }
  const mem = s.memory_stats ?? {};
  const stats = (mem.stats ?? {}) as Record<string, number | undefined>;
  const cache = stats.inactive_file ?? stats.total_inactive_file ?? stats.cache ?? 0;
  let networkRx = 0,
    networkTx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    networkRx += n.rx_bytes;
    networkTx += n.tx_bytes;
  }
  let blockRead = 0,
    blockWrite = 0;
  for (const e of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    if (e.op.toLowerCase() === "read") blockRead += e.value;
    if (e.op.toLowerCase() === "write") blockWrite += e.value;
  }
  return {
    cpuPercent: Math.round(cpuPercent * 100) / 100,
    memoryUsage: Math.max(0, (mem.usage ?? 0) - cache),
    memoryLimit: mem.limit ?? 0,
    networkRx,
    networkTx,
    blockRead,
    blockWrite,
    sampledAt: at,
  };
}

async function sampleOne(ref: ContainerRef) {
  const s = state();
  const raw = await docker(ref.host).getContainer(ref.containerId).stats({ stream: false, "one-shot": true });
  s.cache.set(key(ref), usageFrom(raw, s.prev.get(key(ref)), new Date()));
  s.prev.set(key(ref), raw);
}

/** One round: every running container of every host, POOL_SIZE at a time. Errors of one
 *  container (it just stopped) or one host (engine down) leave the others sampled. */
export async function sampleOnce(): Promise<void> {
  const s = state();
  const refs: ContainerRef[] = [];
  for (const host of dockerHosts()) {
    try {
      const running = await docker(host).listContainers({ filters: { status: ["running"] } });
      refs.push(...running.map((c) => ({ host: host as HostName, containerId: c.Id })));
    } catch {
      /* engine down: its cache entries expire below; the event stream reports the outage */
    }
  }
  const live = new Set(refs.map(key));
  for (const k of [...s.cache.keys()]) {
    if (live.has(k)) continue;
    s.cache.delete(k);
    s.prev.delete(k);
  }
  let next = 0;
  const worker = async () => {
    while (next < refs.length) {
      const ref = refs[next++]!;
      await sampleOne(ref).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.min(POOL_SIZE, refs.length) }, worker));
}

/** Starts the background loop once per process (idempotent). The timer never keeps the
 *  process alive. */
export function startStatsSampler(intervalMs = SAMPLE_INTERVAL_MS): void {
  const s = state();
  if (s.timer) return;
  const tick = async () => {
    if (s.running) return;
    s.running = true;
    try {
      await sampleOnce();
    } finally {
      s.running = false;
    }
  };
  s.timer = setInterval(() => void tick(), intervalMs);
  s.timer.unref();
  void tick();
}

export function stopStatsSampler(): void {
  const s = state();
  if (s.timer) clearInterval(s.timer);
  s.timer = null;
}
