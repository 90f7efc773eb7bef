import "server-only";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { audited } from "../kit";
import { reachClient } from "../clients/access";
import { getClient } from "../clients/list-clients";
import { db, type Prisma } from "../db";
import { AppError } from "../errors";
import { enqueueJob } from "../jobs/queue";
import { PROVISION_JOB, type ProvisionPayload } from "./job";
import { runInputSchema, type RunInput } from "./plan";
import { createRunRows, publishProgress } from "./store";
import { isStepName, percentDone, STEP_NAMES, type StepName } from "./step-names";

// The provisioning use cases: start (inside createClient's transaction), read, retry from a
// step, roll back. Reads are tenant-scoped like the client itself (NOT_FOUND outside the scope);
// retry and rollback need client:provision on that client.

type Tx = Prisma.TransactionClient;
const enqueue = (runId: string, generation: number, mode: ProvisionPayload["mode"], tx: Tx) =>
  enqueueJob(
    {
      type: PROVISION_JOB,
      payload: { runId, mode },
      uniqueKey: `${PROVISION_JOB}:${runId}:${generation}`,
      maxAttempts: 5,
    },
    tx,
  );

/** Creates the run and enqueues its job in the caller's transaction: both commit with the client or neither does. */
export async function startProvisioning(tx: Tx, clientId: string, input: RunInput) {
  const run = await createRunRows(tx, clientId, input);
  const job = await enqueue(run.id, 1, "provision", tx);
  await tx.provisioningRun.update({ where: { id: run.id }, data: { jobId: job.id } });
  return run;
}

export type ProvisioningView = {
  id: string;
  clientId: string;
  status: string;
  currentStep: string | null;
  percent: number;
  error: string | null;
  steps: {
    name: string;
    status: string;
    startedAt: Date | null;
    finishedAt: Date | null;
    error: string | null;
    skippedReason: string | null;
    executions: number;
  }[];
  log: string[];
  createdAt: Date;
  updatedAt: Date;
};

/** A run whose job died for good (its attempts ran out on crashes) is failed, whatever the row says. */
async function view(runId: string): Promise<ProvisioningView | null> {
  const run = await db().provisioningRun.findUnique({
    where: { id: runId },
    include: { steps: { orderBy: { position: "asc" } } },
  });
  if (!run) return null;
  const job = run.jobId
    ? await db().job.findUnique({ where: { id: run.jobId }, select: { status: true, lastError: true } })
    : null;
  const dead = job?.status === "failed" && ["queued", "running", "rolling_back"].includes(run.status);
  return {
    id: run.id,
    clientId: run.clientId,
    status: dead ? "failed" : run.status,
    currentStep: run.currentStep,
    percent: percentDone(run.steps),
    error: dead ? `the job stopped: ${job?.lastError ?? "unknown error"}` : run.error,
    steps: run.steps.map((s) => ({
      name: s.name,
      status: s.status,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      error: s.error,
      skippedReason: s.skippedReason,
      executions: s.executions,
    })),
    log: run.log,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
  };
}

/** The client's provisioning, or null for a client made without one. NOT_FOUND outside the actor's scope. */
export async function getProvisioning({
  actor,
  clientId,
}: {
  actor: Actor;
  clientId: string;
}): Promise<ProvisioningView | null> {
  const client = await getClient({ actor, id: clientId });
  const run = await db().provisioningRun.findUnique({ where: { clientId: client.id }, select: { id: true } });
  return run ? view(run.id) : null;
}

/** A failed run of a client the actor may provision, else NOT_FOUND / FORBIDDEN / CONFLICT. */
async function failedRun(actor: Actor, clientId: string, action: string) {
  const client = await reachClient(actor, clientId, "client:provision", action);
  const run = await db().provisioningRun.findUnique({
    where: { clientId: client.id },
    select: { id: true, generation: true },
  });
  const current = run ? await view(run.id) : null;
  if (!run || !current) throw new AppError("CONFLICT", "This client has no provisioning to retry or roll back");
  if (current.status !== "failed")
    throw new AppError(
      "CONFLICT",
      `Provisioning is ${current.status}: only a failed provisioning can be retried or rolled back`,
    );
  return { client, run, current };
}

const stepArg = z
  .string()
  .transform((s) => s.toLowerCase())
  .refine(isStepName, `must be one of ${STEP_NAMES.join(", ")}`);

/** Runs the workflow again from `fromStep` (at most the failed step: a later one would skip it). */
export async function retryProvisioning({
  actor,
  clientId,
  fromStep,
}: {
  actor: Actor;
  clientId: string;
  fromStep: string;
}): Promise<ProvisioningView> {
  const { client, run, current } = await failedRun(actor, clientId, "client.provision.retry");
  const from = await audited(actor, "client.provision.retry", { type: "client", id: client.id }, async (tx) => {
    const parsed = stepArg.safeParse(fromStep);
    if (!parsed.success)
      throw new AppError("VALIDATION", `fromStep ${parsed.error.issues[0]!.message}`, {
        fields: { fromStep: parsed.error.issues[0]!.message },
      });
    const from = parsed.data as StepName;
    const firstUndone = current.steps.findIndex((s) => s.status !== "succeeded" && s.status !== "skipped");
    const at = STEP_NAMES.indexOf(from);
    if (firstUndone >= 0 && at > firstUndone)
      throw new AppError("VALIDATION", `fromStep cannot be after ${STEP_NAMES[firstUndone]}, which is not done`, {
        fields: { fromStep: `at most ${STEP_NAMES[firstUndone]}` },
      });
    // Only from the generation read: two retries at once make one job, the other is a CONFLICT.
    const moved = await tx.provisioningRun.updateMany({
      where: { id: run.id, generation: run.generation },
      data: { status: "queued", error: null, generation: run.generation + 1 },
    });
    if (moved.count === 0) throw new AppError("CONFLICT", "The provisioning changed meanwhile: reload and try again");
    await tx.provisioningStep.updateMany({
      where: { runId: run.id, position: { gte: at } },
      data: { status: "pending", error: null, skippedReason: null, startedAt: null, finishedAt: null },
    });
    const job = await enqueue(run.id, run.generation + 1, "provision", tx);
    await tx.provisioningRun.update({
      where: { id: run.id },
      data: { jobId: job.id, log: { push: `${new Date().toISOString()} retry from ${from} by ${actor.username}` } },
    });
    return { result: from, details: { fromStep: from, failedStep: current.currentStep } };
  });
  await publishProgress({ id: run.id, clientId: client.id }, from, "queued", `retry from ${from}`);
  return (await view(run.id))!;
}

/** Removes everything the provisioning made, in reverse order, as a job; the client ends DELETED. */
export async function rollbackProvisioning({
  actor,
  clientId,
}: {
  actor: Actor;
  clientId: string;
}): Promise<ProvisioningView> {
  const { client, run } = await failedRun(actor, clientId, "client.provision.rollback.request");
  await audited(actor, "client.provision.rollback.request", { type: "client", id: client.id }, async (tx) => {
    const moved = await tx.provisioningRun.updateMany({
      where: { id: run.id, generation: run.generation },
      data: { status: "rolling_back", error: null, generation: run.generation + 1 },
    });
    if (moved.count === 0) throw new AppError("CONFLICT", "The provisioning changed meanwhile: reload and try again");
    const job = await enqueue(run.id, run.generation + 1, "rollback", tx);
    await tx.provisioningRun.update({
      where: { id: run.id },
      data: { jobId: job.id, log: { push: `${new Date().toISOString()} rollback requested by ${actor.username}` } },
    });
    return { result: true, details: { name: client.name, domain: client.domain } };
  });
  await publishProgress({ id: run.id, clientId: client.id }, null, "rolling_back", "rollback requested");
  return (await view(run.id))!;
}

/** Input of createClient's provisioning part, validated before anything is written. */
export function parseRunInput(input: unknown): RunInput {
  const parsed = runInputSchema.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new AppError("VALIDATION", `Invalid input: ${i.path.join(".")} ${i.message}`, {
      fields: { [i.path.join(".") || "services"]: i.message },
    });
  }
  return parsed.data;
}
