import "server-only";
import { config } from "../config";
import { dockerConfigured } from "../docker/connection";
import { startDockerEventStreams } from "../docker/event-stream";
import { startStatsSampler } from "../docker/stats-sampler";
import { AUDIT_RETENTION_JOB, auditRetentionJob } from "../audit/retention";
import { registerJobHandler } from "./registry";
import { startJobRunner } from "./runner";
import { scheduleDaily } from "./schedule";

/** Registers every job handler and daily schedule, then starts this process's runner (see
 *  docs/decisions/004-job-runner.md). JOBS_ENABLED=false leaves jobs to other instances. */
export async function startBackgroundWork(): Promise<void> {
  registerJobHandler(AUDIT_RETENTION_JOB, auditRetentionJob);
  scheduleDaily(AUDIT_RETENTION_JOB);
  if (!config().JOBS_ENABLED) {
    console.info("[jobs] JOBS_ENABLED=false: this instance runs no background jobs");
    return;
  }
  startJobRunner({ pollMs: 5000 });
  // Warm service usage and live status before the first page asks (they also start lazily).
  if (dockerConfigured()) {
    startStatsSampler();
    startDockerEventStreams();
  }
}
