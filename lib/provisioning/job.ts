import "server-only";
import { recordAudit } from "../audit/record";
import { db } from "../db";
import { isAppError } from "../errors";
import { publishStatus } from "../clients/access";
import type { JobHandler } from "../jobs/registry";
import { makeContext } from "./context";
import { planServices, runInputSchema, type PlannedService } from "./plan";
import { STEPS } from "./steps";
import { finishStep, LeaseLost, loadRun, logLine, setRunStatus, startStep, type Lease, type LoadedRun } from "./store";
import type { StepName } from "./step-names";

// The durable job "client.provision" (docs/decisions/019-provisioning.md). It runs the steps not
// yet done, in order; each is idempotent, so a crash (the lease expires, another runner claims the
// job) simply runs the interrupted step again. A step that fails is recorded on the run and the
// job ends: the client stays PROVISIONING until an administrator retries from a step or rolls
// back (mode "rollback": every step's undo, in reverse order).

export const PROVISION_JOB = "client.provision";
export type ProvisionPayload = { runId: string; mode: "provision" | "rollback" };

const messageOf = (err: unknown) =>
  (isAppError(err) ? err.message : err instanceof Error ? `internal error: ${err.message}` : String(err)).slice(
    0,
    2000,
  );

function inputAndPlan(run: LoadedRun): { input: ReturnType<typeof runInputSchema.parse>; plan: PlannedService[] } {
  const input = runInputSchema.parse(run.input);
  return { input, plan: planServices(run.client, input) };
}

async function fail(lease: Lease, run: LoadedRun, step: StepName, err: unknown, action: string) {
  const message = messageOf(err);
  await finishStep(lease, run.id, step, "failed", { error: message });
  await setRunStatus(lease, run.id, "failed", { currentStep: step, error: message });
  await logLine(lease, run, step, `failed: ${message}`, "failed");
  await recordAudit({
    userId: "system",
    action,
    resourceType: "client",
    resourceId: run.clientId,
    result: "failure",
    details: { step, error: message },
  });
}

async function provision(lease: Lease, runId: string, signal: AbortSignal) {
  for (const def of STEPS) {
    if (signal.aborted) throw new LeaseLost();
    const run = (await loadRun(runId))!; // re-read: a step uses what the earlier ones recorded
    const row = run.steps.find((s) => s.name === def.name)!;
    if (row.status === "succeeded" || row.status === "skipped") continue;
    await startStep(lease, run.id, def.name);
    await logLine(
      lease,
      run,
      def.name,
      row.executions > 0 ? `resumed (run ${row.executions + 1} of this step)` : "started",
      "running",
    );
    try {
      const { input, plan } = inputAndPlan(run);
      const ctx = makeContext(run, input, plan, lease, def.name, signal);
      const outcome = await def.run(ctx);
      await ctx.pausePoint();
      if (signal.aborted) throw new LeaseLost();
      await finishStep(
        lease,
        run.id,
        def.name,
        outcome ? "skipped" : "succeeded",
        outcome ? { skippedReason: outcome.skipped } : {},
      );
      await logLine(
        lease,
        run,
        def.name,
        outcome ? `skipped: ${outcome.skipped}` : "done",
        outcome ? "skipped" : "succeeded",
      );
    } catch (err) {
      if (err instanceof LeaseLost) throw err;
      await fail(lease, run, def.name, err, "client.provision");
      return { outcome: "failed", step: def.name };
    }
  }
  const run = (await loadRun(runId))!;
  await setRunStatus(lease, run.id, "succeeded", { currentStep: null, error: null });
  await logLine(lease, run, null, "provisioning finished", "succeeded");
  return { outcome: "succeeded" };
}

async function rollback(lease: Lease, runId: string, signal: AbortSignal) {
  const run = (await loadRun(runId))!;
  await setRunStatus(lease, run.id, "rolling_back", { error: null });
  const { input, plan } = inputAndPlan(run);
  for (const def of [...STEPS].reverse()) {
    if (signal.aborted) throw new LeaseLost();
    if (!def.undo) continue;
    const ctx = makeContext(run, input, plan, lease, def.name, signal);
    try {
      await def.undo(ctx);
      await finishStep(lease, run.id, def.name, "rolled_back");
    } catch (err) {
      if (err instanceof LeaseLost) throw err;
      await fail(lease, run, def.name, new Error(`rollback: ${messageOf(err)}`), "client.provision.rollback");
      return { outcome: "failed", step: def.name };
    }
  }
  // Nothing of the environment is left: the client ends DELETED (soft, as deleteClient), its run
  // and audit trail kept.
  await db().client.updateMany({
    where: { id: run.clientId, deletedAt: null },
    data: { status: "deleted", deletedAt: new Date() },
  });
  await setRunStatus(lease, run.id, "rolled_back", { currentStep: null, error: null });
  await logLine(
    lease,
    run,
    null,
    "rolled back: everything provisioning made is removed; the client is deleted",
    "rolled_back",
  );
  await recordAudit({
    userId: "system",
    action: "client.provision.rollback",
    resourceType: "client",
    resourceId: run.clientId,
    result: "success",
    details: { name: run.client.name, domain: run.client.domain },
  });
  await publishStatus(run.clientId, "deleted");
  return { outcome: "rolled_back" };
}

export const provisionJob: JobHandler = async ({ job, signal, lockedBy }) => {
  const { runId, mode } = job.payload as ProvisionPayload;
  const lease: Lease = { jobId: job.id, lockedBy, attempts: job.attempts };
  if (!(await db().provisioningRun.findUnique({ where: { id: runId }, select: { id: true } })))
    return { outcome: "run gone" };
  return mode === "rollback" ? rollback(lease, runId, signal) : provision(lease, runId, signal);
};
