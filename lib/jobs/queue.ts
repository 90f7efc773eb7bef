import "server-only";
import { z } from "zod";
import { db, Prisma, type PrismaClient } from "../db";
import type { ClaimedJob, JobProgress } from "./registry";
import { parseInput } from "../kit/parse";

// The queue is the `jobs` table (docs/decisions/004-job-runner.md). Every time comparison uses the
// database clock (now()), so instances with skewed clocks still agree on what is due or expired.

type Client = PrismaClient | Prisma.TransactionClient;

const enqueueInput = z.object({
  type: z.string().min(1).max(100),
  payload: z.record(z.string(), z.unknown()).default({}),
  uniqueKey: z.string().min(1).max(255).optional(),
  runAt: z.date().optional(),
  maxAttempts: z.number().int().min(1).max(100).default(3),
});
export type EnqueueInput = z.input<typeof enqueueInput>;

/**
 * Adds a job. With a uniqueKey the insert is ON CONFLICT DO NOTHING: enqueueing the same key twice
 * (from two instances, or a retried request) leaves one job; `created` says whether this call made it.
 * Pass `tx` to enqueue in the same transaction as the change that needs the job.
 */
export async function enqueueJob(
  input: EnqueueInput,
  client: Client = db(),
): Promise<{ id: string; created: boolean }> {
  const parsed = parseInput(enqueueInput, input);
  const { payload, ...rest } = parsed;
  const [row] = await client.job.createManyAndReturn({
    data: [{ ...rest, payload: payload as Prisma.InputJsonObject }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (row) return { id: row.id, created: true };
  const existing = await client.job.findUniqueOrThrow({ where: { uniqueKey: parsed.uniqueKey }, select: { id: true } });
  return { id: existing.id, created: false };
}

/** Stores a running job's progress; only the runner holding the lease may write it. */
export async function reportProgress(
  jobId: string,
  progress: JobProgress,
  lock?: { lockedBy: string; leaseMs: number },
  client: PrismaClient = db(),
) {
  const value = JSON.stringify(progress);
  if (!lock) {
    return client.$executeRaw`UPDATE jobs SET progress = ${value}::jsonb, updated_at = now() WHERE id = ${jobId}::uuid AND status = 'running'`;
  }
  return client.$executeRaw`
    UPDATE jobs SET progress = ${value}::jsonb, locked_until = now() + ${lock.leaseMs}::double precision * interval '1 millisecond', updated_at = now()
    WHERE id = ${jobId}::uuid AND status = 'running' AND locked_by = ${lock.lockedBy}`;
}

type ClaimRow = Omit<ClaimedJob, "progress"> & { progress: JobProgress | null };

/**
 * Claims up to `limit` due jobs of the given types in one statement: queued jobs whose run_at has
 * come, and running jobs whose lease expired (their process died). FOR UPDATE SKIP LOCKED makes
 * concurrent claimers take disjoint rows instead of waiting on or double-taking each other's.
 */
export async function claimJobs(
  client: PrismaClient,
  opts: { lockedBy: string; leaseMs: number; limit: number; types: string[] },
): Promise<ClaimedJob[]> {
  if (opts.types.length === 0 || opts.limit < 1) return [];
  const rows = await client.$queryRaw<ClaimRow[]>`
    UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${opts.lockedBy},
      locked_until = now() + ${opts.leaseMs}::double precision * interval '1 millisecond', updated_at = now()
    WHERE id IN (
      SELECT id FROM jobs
      WHERE type IN (${Prisma.join(opts.types)})
        AND ((status = 'queued' AND run_at <= now()) OR (status = 'running' AND locked_until < now()))
      ORDER BY run_at
      LIMIT ${opts.limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id::text AS id, type, payload, progress, attempts, max_attempts AS "maxAttempts"`;
  return rows.map((r) => ({
    ...r,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.maxAttempts),
    progress: r.progress ?? {},
  }));
}

/** The guard of every write by the runner: the row is still ours, for this very attempt. */
export type Lease = { id: string; lockedBy: string; attempts: number };

export async function extendLease(client: PrismaClient, lease: Lease, leaseMs: number): Promise<boolean> {
  const n = await client.$executeRaw`
    UPDATE jobs SET locked_until = now() + ${leaseMs}::double precision * interval '1 millisecond'
    WHERE id = ${lease.id}::uuid AND status = 'running' AND locked_by = ${lease.lockedBy} AND attempts = ${lease.attempts}`;
  return n === 1;
}

export async function markSucceeded(
  client: PrismaClient,
  lease: Lease,
  progress: JobProgress | void,
): Promise<boolean> {
  const value = progress ? JSON.stringify(progress) : null;
  const n = await client.$executeRaw`
    UPDATE jobs SET status = 'succeeded', progress = COALESCE(${value}::jsonb, progress), locked_by = NULL, locked_until = NULL,
      last_error = NULL, updated_at = now()
    WHERE id = ${lease.id}::uuid AND status = 'running' AND locked_by = ${lease.lockedBy} AND attempts = ${lease.attempts}`;
  return n === 1;
}

/** A failed attempt: back to queued after `retryInMs`, or failed for good when none is left. */
export async function markAttemptFailed(
  client: PrismaClient,
  lease: Lease,
  error: string,
  retryInMs: number | null,
): Promise<boolean> {
  const message = error.slice(0, 2000);
  const n =
    retryInMs === null
      ? await client.$executeRaw`
          UPDATE jobs SET status = 'failed', last_error = ${message}, locked_by = NULL, locked_until = NULL, updated_at = now()
          WHERE id = ${lease.id}::uuid AND status = 'running' AND locked_by = ${lease.lockedBy} AND attempts = ${lease.attempts}`
      : await client.$executeRaw`
          UPDATE jobs SET status = 'queued', last_error = ${message}, locked_by = NULL, locked_until = NULL, updated_at = now(),
            run_at = now() + ${retryInMs}::double precision * interval '1 millisecond'
          WHERE id = ${lease.id}::uuid AND status = 'running' AND locked_by = ${lease.lockedBy} AND attempts = ${lease.attempts}`;
  return n === 1;
}
