import "server-only";
import { db, Prisma } from "../db";
import { events } from "../events";
import { percentDone, STEP_NAMES, type RunStatus, type StepName, type StepStatus } from "./step-names";

// Rows of a provisioning run and its steps. Every write made while a job runs is guarded by that
// job's lease (jobs.locked_by and attempts in the same statement): a runner that lost its lease
// — paused, cut off, or racing another runner — changes nothing and learns it at once.

export type Lease = { jobId: string; lockedBy: string; attempts: number };
export class LeaseLost extends Error {
  constructor() {
    super("lease lost: another runner owns this provisioning job now");
  }
}

const held = (l: Lease) =>
  Prisma.sql`EXISTS (SELECT 1 FROM jobs WHERE id = ${l.jobId}::uuid AND status = 'running' AND locked_by = ${l.lockedBy} AND attempts = ${l.attempts})`;

export async function loadRun(runId: string) {
  return db().provisioningRun.findUnique({
    where: { id: runId },
    include: { steps: { orderBy: { position: "asc" } }, client: true },
  });
}
export type LoadedRun = NonNullable<Awaited<ReturnType<typeof loadRun>>>;

/** The run and its ten pending steps, inside the transaction that creates the client. */
export async function createRunRows(tx: Prisma.TransactionClient, clientId: string, input: Record<string, unknown>) {
  return tx.provisioningRun.create({
    data: {
      clientId,
      input: input as Prisma.InputJsonObject,
      steps: { create: STEP_NAMES.map((name, position) => ({ name, position })) },
    },
  });
}

export async function setRunStatus(
  lease: Lease,
  runId: string,
  status: RunStatus,
  fields: { currentStep?: string | null; error?: string | null } = {},
) {
  const n = await db().$executeRaw`
    UPDATE provisioning_runs SET status = ${status}, updated_at = now(),
      current_step = CASE WHEN ${fields.currentStep !== undefined} THEN ${fields.currentStep ?? null} ELSE current_step END,
      error = CASE WHEN ${fields.error !== undefined} THEN ${fields.error ?? null} ELSE error END
    WHERE id = ${runId}::uuid AND ${held(lease)}`;
  if (n !== 1) throw new LeaseLost();
}

/** Marks a step started and counts the execution; throws LeaseLost when the job is not ours. */
export async function startStep(lease: Lease, runId: string, step: StepName) {
  const n = await db().$executeRaw`
    UPDATE provisioning_steps SET status = 'running', executions = executions + 1, started_at = now(), finished_at = NULL, error = NULL, skipped_reason = NULL
    WHERE run_id = ${runId}::uuid AND name = ${step} AND ${held(lease)}`;
  if (n !== 1) throw new LeaseLost();
  await setRunStatus(lease, runId, "running", { currentStep: step, error: null });
}

/** Merges into the step's output as work happens, so a crash mid-step leaves a record of it. */
export async function saveOutput(lease: Lease, runId: string, step: StepName, output: Record<string, unknown>) {
  const n = await db().$executeRaw`
    UPDATE provisioning_steps SET output = output || ${JSON.stringify(output)}::jsonb
    WHERE run_id = ${runId}::uuid AND name = ${step} AND ${held(lease)}`;
  if (n !== 1) throw new LeaseLost();
}

export async function finishStep(
  lease: Lease,
  runId: string,
  step: StepName,
  status: StepStatus,
  fields: { error?: string; skippedReason?: string } = {},
) {
  const n = await db().$executeRaw`
    UPDATE provisioning_steps SET status = ${status}, finished_at = now(), error = ${fields.error ?? null}, skipped_reason = ${fields.skippedReason ?? null}
    WHERE run_id = ${runId}::uuid AND name = ${step} AND ${held(lease)}`;
  if (n !== 1) throw new LeaseLost();
}

/** Appends a log line to the run and publishes it with the run's state on the bus. */
export async function logLine(
  lease: Lease | null,
  run: { id: string; clientId: string },
  step: StepName | null,
  line: string,
  status?: string,
) {
  const text = `${new Date().toISOString()} ${step ? `[${step}] ` : ""}${line}`.slice(0, 2000);
  const guard = lease ? held(lease) : Prisma.sql`TRUE`;
  const n = await db()
    .$executeRaw`UPDATE provisioning_runs SET log = array_append(log, ${text}), updated_at = now() WHERE id = ${run.id}::uuid AND ${guard}`;
  if (n !== 1 && lease) throw new LeaseLost();
  await publishProgress(run, step, status, text);
}

export async function publishProgress(
  run: { id: string; clientId: string },
  step: StepName | null,
  status: string | undefined,
  line: string | null,
) {
  const now = await db().provisioningRun.findUnique({
    where: { id: run.id },
    select: { status: true, steps: { select: { status: true } } },
  });
  if (!now) return;
  await events()
    .publish("client.provisioning", {
      clientId: run.clientId,
      runId: run.id,
      step,
      status: status ?? now.status,
      percent: percentDone(now.steps),
      line,
    })
    .catch((err) => console.error("[provisioning] progress event not published:", (err as Error).message));
}
