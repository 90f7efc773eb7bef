import "server-only";

// Handlers by job type. Kept on globalThis: Next bundles route handlers and instrumentation
// separately, and a job enqueued from any bundle must find the handler registered at boot.

export type JobProgress = Record<string, unknown>;

export type ClaimedJob = {
  id: string;
  type: string;
  payload: unknown;
  progress: JobProgress;
  /** 1 on the first run; counts every claim, including ones whose process died */
  attempts: number;
  maxAttempts: number;
};

export type JobContext = {
  job: ClaimedJob;
  /** Stores progress on the job row (and keeps the lease alive). */
  reportProgress(progress: JobProgress): Promise<void>;
  /** Aborted when this runner lost the job's lease (another instance may now run it). */
  signal: AbortSignal;
  /** This runner's instance id (jobs.locked_by): a handler guards its own writes with it and
   *  job.attempts, so a runner that lost the lease writes nothing (see lib/provisioning). */
  lockedBy: string;
};

/**
 * A handler must be safe to run again from the start: a crash, a lost lease or a retry runs it
 * once more. Each step either checks what is already done (use `job.progress`) or is naturally
 * repeatable (delete-where, upsert). A returned object is stored as the job's final progress.
 */
export type JobHandler = (ctx: JobContext) => Promise<JobProgress | void>;

const g = globalThis as { __snxJobHandlers?: Map<string, JobHandler> };
const handlers = () => (g.__snxJobHandlers ??= new Map());

export function registerJobHandler(type: string, handler: JobHandler): void {
  handlers().set(type, handler);
}

export function jobHandler(type: string): JobHandler | undefined {
  return handlers().get(type);
}

export function registeredJobTypes(): string[] {
  return [...handlers().keys()];
}
