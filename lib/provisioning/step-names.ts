// The seed's provisioning workflow, in its order (spec: "Provision Client" 1-10). "resources" is
// the seed's "execute provisioning script": the client's network and volumes.
export const STEP_NAMES = [
  "validate",
  "secrets",
  "database",
  "resources",
  "dns",
  "tls",
  "deploy",
  "sso",
  "branding",
  "notify",
] as const;
export type StepName = (typeof STEP_NAMES)[number];

export const STEP_STATUSES = ["pending", "running", "succeeded", "failed", "skipped", "rolled_back"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const RUN_STATUSES = ["queued", "running", "failed", "succeeded", "rolling_back", "rolled_back"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const isStepName = (s: string): s is StepName => (STEP_NAMES as readonly string[]).includes(s);

/** Share of the workflow done: steps succeeded or skipped, of all steps. */
export function percentDone(steps: { status: string }[]): number {
  const done = steps.filter((s) => s.status === "succeeded" || s.status === "skipped").length;
  return Math.round((done / STEP_NAMES.length) * 100);
}
