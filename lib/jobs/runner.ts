import "server-only";
import crypto from "node:crypto";
import os from "node:os";
import { db, type PrismaClient } from "../db";
import { claimJobs, extendLease, markAttemptFailed, markSucceeded, reportProgress, type Lease } from "./queue";
import { jobHandler, registeredJobTypes, type ClaimedJob } from "./registry";
import { enqueueDueSchedules } from "./schedule";

export type RunnerOptions = {
  /** how often to look for due jobs when idle */
  pollMs?: number;
  /** how long a claim holds before another instance may take the job over; renewed while running */
  leaseMs?: number;
  /** jobs run at the same time by this runner */
  concurrency?: number;
  /** first retry delay; doubles each attempt (capped at maxBackoffMs) */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** unique per process: written to jobs.locked_by */
  instanceId?: string;
  /** test seam: another database than the process's */
  client?: () => PrismaClient;
  /** enqueue the registered daily schedules on each poll (off for extra runners in tests) */
  schedules?: boolean;
};

export type JobRunner = {
  readonly instanceId: string;
  /** Claims and runs what is due now, once; resolves with how many jobs ran. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the jobs in flight. */
  stop(): Promise<void>;
};

export function retryDelayMs(attempt: number, backoffMs: number, maxBackoffMs: number): number {
  return Math.min(maxBackoffMs, backoffMs * 2 ** Math.max(0, attempt - 1));
}

export function createJobRunner(opts: RunnerOptions = {}): JobRunner & { start(): void } {
  const pollMs = opts.pollMs ?? 5000;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const concurrency = opts.concurrency ?? 2;
  const backoffMs = opts.backoffMs ?? 30_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 60 * 60_000;
  const instanceId =
    opts.instanceId ?? `${os.hostname().slice(0, 60)}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;
  const client = opts.client ?? db;
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let ticking: Promise<unknown> | null = null;

  async function run(job: ClaimedJob): Promise<void> {
    const lease: Lease = { id: job.id, lockedBy: instanceId, attempts: job.attempts };
    const lost = new AbortController();
    // Renew the lease while the handler works; if it cannot be renewed, another instance owns
    // the job now: tell the handler to stop and write nothing more.
    const heartbeat = setInterval(
      () => {
        extendLease(client(), lease, leaseMs)
          .then((ok) => ok || lost.abort(new Error("lease lost")))
          .catch((err) => console.error(`[jobs] lease renewal of ${job.id} failed:`, (err as Error).message));
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    try {
      const handler = jobHandler(job.type);
      if (!handler) throw new Error(`no handler registered for ${job.type}`);
      if (job.attempts > job.maxAttempts) throw new Error("attempts exhausted (the last attempt's process stopped)");
      const result = await handler({
        job,
        signal: lost.signal,
        lockedBy: instanceId,
        reportProgress: async (p) =>
          void (await reportProgress(job.id, p, { lockedBy: instanceId, leaseMs }, client())),
      });
      if (!(await markSucceeded(client(), lease, result)))
        console.warn(`[jobs] ${job.type} ${job.id} finished after losing its lease`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const retryIn = job.attempts < job.maxAttempts ? retryDelayMs(job.attempts, backoffMs, maxBackoffMs) : null;
      console.error(`[jobs] ${job.type} ${job.id} attempt ${job.attempts}/${job.maxAttempts} failed: ${message}`);
      await markAttemptFailed(client(), lease, message, retryIn);
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function runOnce(): Promise<number> {
    const free = concurrency - inFlight.size;
    const jobs = await claimJobs(client(), { lockedBy: instanceId, leaseMs, limit: free, types: registeredJobTypes() });
    const runs = jobs.map((job) => {
      const p = run(job).catch((err) => console.error(`[jobs] ${job.id}:`, err));
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      return p;
    });
    await Promise.all(runs);
    return jobs.length;
  }

  async function tick() {
    if (opts.schedules !== false) await enqueueDueSchedules(new Date(), client());
    // Keep claiming while there is work, then wait pollMs.
    while (!stopped && (await runOnce()) > 0);
  }

  function loop() {
    if (stopped) return;
    ticking = tick()
      .catch((err) => console.error("[jobs] poll failed:", (err as Error).message))
      .finally(() => {
        ticking = null;
        if (!stopped) timer = setTimeout(loop, pollMs);
      });
  }

  return {
    instanceId,
    runOnce,
    start: () => loop(),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await ticking;
      await Promise.all(inFlight);
    },
  };
}

// One runner per process, on globalThis (Next bundles instrumentation and routes separately).
const g = globalThis as { __snxJobRunner?: JobRunner };

export function startJobRunner(opts: RunnerOptions = {}): JobRunner {
  if (g.__snxJobRunner) return g.__snxJobRunner;
  const runner = createJobRunner(opts);
  runner.start();
  g.__snxJobRunner = runner;
  return runner;
}

export async function stopJobRunner(): Promise<void> {
  const runner = g.__snxJobRunner;
  g.__snxJobRunner = undefined;
  await runner?.stop();
}
