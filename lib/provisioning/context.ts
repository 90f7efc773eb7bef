import "server-only";
import { makeActor, type Actor } from "../auth/actor";
import { config } from "../config";
import type { PlannedService, RunInput } from "./plan";
import { logLine, saveOutput, type Lease, type LoadedRun } from "./store";
import type { StepName } from "./step-names";

// What a step sees. Steps are idempotent: they derive every name from the client and the run's
// input (plan.ts), check what exists before acting, and record what they made in their output
// as they go (save), so a resumed attempt and a rollback both find it.

export type StepContext = {
  run: LoadedRun;
  input: RunInput;
  plan: PlannedService[];
  /** the job acts as the system, with a SUPER_ADMIN's rights, audited as user "system" */
  actor: Actor;
  lease: Lease;
  step: StepName;
  /** this step's output as stored (from an earlier attempt too) */
  output: Record<string, unknown>;
  outputOf(step: StepName): Record<string, unknown>;
  log(line: string): Promise<void>;
  save(output: Record<string, unknown>): Promise<void>;
  /** test seam (PROVISION_PAUSE_AT_STEP): blocks forever here so a test can kill -9 the process */
  pausePoint(): Promise<void>;
  signal: AbortSignal;
};

export type StepOutcome = void | { skipped: string };
export type StepDefinition = {
  name: StepName;
  run(ctx: StepContext): Promise<StepOutcome>;
  /** removes what run() made; idempotent, and works from a partial run (crash mid-step) */
  undo?(ctx: StepContext): Promise<void>;
};

export function systemActor(): Actor {
  return makeActor({
    userId: "system",
    username: "system",
    globalRoles: ["SUPER_ADMIN"],
    clientRoles: [],
    via: "system",
    userAgent: "provisioning",
  });
}

export function makeContext(
  run: LoadedRun,
  input: RunInput,
  plan: PlannedService[],
  lease: Lease,
  step: StepName,
  signal: AbortSignal,
): StepContext {
  const outputs = new Map(run.steps.map((s) => [s.name, (s.output ?? {}) as Record<string, unknown>]));
  const output = { ...(outputs.get(step) ?? {}) };
  return {
    run,
    input,
    plan,
    lease,
    step,
    output,
    signal,
    actor: systemActor(),
    outputOf: (s) => outputs.get(s) ?? {},
    log: (line) => logLine(lease, run, step, line),
    async save(o) {
      Object.assign(output, o);
      await saveOutput(lease, run.id, step, o);
    },
    async pausePoint() {
      const c = config();
      if (c.PROVISION_PAUSE_AT_STEP !== step || c.NODE_ENV === "production") return;
      await logLine(lease, run, step, "paused (PROVISION_PAUSE_AT_STEP)");
      // deliberate: the crash test (tests/integration/provisioning-crash.test.ts) waits for this
      // line on the worker's stdout before it kills the process; never reached in production
      console.log(`[provisioning] paused at ${step}`);
      await new Promise<never>(() => {}); // until the process is killed
    },
  };
}
