import "server-only";
import { config } from "../config";
import { dockerConfigured } from "../docker/connection";
import { startDockerEventStreams } from "../docker/event-stream";
import { startStatsSampler } from "../docker/stats-sampler";
import { AUDIT_RETENTION_JOB, auditRetentionJob } from "../audit/retention";
import { DNS_RECONCILE_JOB, dnsReconcileJob } from "../dns/reconcile";
import { GROUP_SYNC_JOB, groupSyncJob } from "../identity/authentik-role-sync";
import { PROVISION_JOB, provisionJob } from "../provisioning/job";
import { registerJobHandler } from "./registry";
import { startJobRunner } from "./runner";
import { scheduleDaily, scheduleEvery } from "./schedule";

/** Registers every job handler and daily schedule, then starts this process's runner (see
 *  docs/decisions/004-job-runner.md). JOBS_ENABLED=false leaves jobs to other instances. */
export async function startBackgroundWork(): Promise<void> {
  registerJobHandler(AUDIT_RETENTION_JOB, auditRetentionJob);
  scheduleDaily(AUDIT_RETENTION_JOB);
  // Repairs DNS records changed by hand in the backend (etcd keys, zone files); audited per repair.
  registerJobHandler(DNS_RECONCILE_JOB, dnsReconcileJob);
  scheduleDaily(DNS_RECONCILE_JOB);
  // Client provisioning and its rollback (docs/decisions/019-provisioning.md).
  registerJobHandler(PROVISION_JOB, provisionJob);
  // Roles of Authentik accounts recomputed from their current groups (lib/identity/authentik-role-sync.ts).
  registerJobHandler(GROUP_SYNC_JOB, groupSyncJob);
  const c = config();
  if (c.AUTHENTIK_URL && c.AUTHENTIK_TOKEN && c.GROUP_SYNC_INTERVAL_MINUTES > 0)
    scheduleEvery(GROUP_SYNC_JOB, c.GROUP_SYNC_INTERVAL_MINUTES);
  if (!config().JOBS_ENABLED) {
    console.info("[jobs] JOBS_ENABLED=false: this instance runs no background jobs");
    return;
  }
  startJobRunner({ pollMs: config().JOBS_POLL_MS, leaseMs: config().JOBS_LEASE_MS });
  // Warm service usage and live status before the first page asks (they also start lazily).
  if (dockerConfigured()) {
    startStatsSampler();
    startDockerEventStreams();
  }
}
