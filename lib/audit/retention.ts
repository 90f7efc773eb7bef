import "server-only";
import { config } from "../config";
import { db } from "../db";
import type { JobContext, JobProgress } from "../jobs/registry";
import { recordAudit } from "./record";

// Audit rows older than AUDIT_RETENTION_DAYS are deleted by a daily job (lib/jobs/start.ts).
// Deleting in small batches keeps each statement short, so the table never sits locked behind one
// huge DELETE, and a crash midway loses nothing: the next attempt deletes what is left.

export const AUDIT_RETENTION_JOB = "audit.retention";

export async function purgeOldAuditLogs(opts: {
  retentionDays: number;
  now?: Date;
  batchSize?: number;
  onBatch?: (deletedSoFar: number) => Promise<void>;
}): Promise<{ deleted: number; cutoff: Date }> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - opts.retentionDays * 86_400_000);
  const batchSize = opts.batchSize ?? 1000;
  let deleted = 0;
  for (;;) {
    const batch = await db().auditLog.findMany({
      where: { createdAt: { lt: cutoff } },
      select: { id: true },
      take: batchSize,
    });
    if (batch.length === 0) break;
    const { count } = await db().auditLog.deleteMany({ where: { id: { in: batch.map((r) => r.id) } } });
    deleted += count;
    await opts.onBatch?.(deleted);
    if (batch.length < batchSize) break;
  }
  // One row per run says what went, including "nothing" (proof the job runs).
  await recordAudit({
    userId: "system",
    action: "audit.retention",
    resourceType: "audit_log",
    result: "success",
    details: { deleted, cutoff: cutoff.toISOString(), retentionDays: opts.retentionDays },
  });
  return { deleted, cutoff };
}

/** The job handler: days from config unless the payload names them (operators, tests). */
export async function auditRetentionJob({ job, reportProgress }: JobContext): Promise<JobProgress> {
  const payload = (job.payload ?? {}) as { retentionDays?: unknown; batchSize?: unknown };
  const retentionDays =
    typeof payload.retentionDays === "number" && payload.retentionDays >= 1
      ? payload.retentionDays
      : config().AUDIT_RETENTION_DAYS;
  const batchSize = typeof payload.batchSize === "number" && payload.batchSize >= 1 ? payload.batchSize : undefined;
  const { deleted, cutoff } = await purgeOldAuditLogs({
    retentionDays,
    batchSize,
    onBatch: (n) => reportProgress({ deleted: n }),
  });
  return { deleted, cutoff: cutoff.toISOString() };
}
