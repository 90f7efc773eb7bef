// What the live provisioning view shows for each step and run state (GraphQL enum values).
export type StepView = {
  name: string;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  skippedReason: string | null;
};
export type RunView = {
  status: string;
  currentStep: string | null;
  percent: number;
  error: string | null;
  steps: StepView[];
  log: string[];
};

export const RUN_QUERY = `query($c: ID!) { clientProvisioning(clientId: $c) {
  status currentStep percent error log steps { name status startedAt finishedAt error skippedReason } } }`;
export const PROGRESS_SUBSCRIPTION =
  "subscription($c: ID!) { provisioningProgress(clientId: $c) { step status percent line } }";

/** A run still moving: the view keeps its stream (and a slow poll) open. */
export const isMoving = (status: string | undefined) =>
  status === "QUEUED" || status === "RUNNING" || status === "ROLLING_BACK";

/** Icon and colour per step status; the word is always written beside it (never colour only). */
export const STEP_ICON: Record<string, { icon: string; tone: string }> = {
  PENDING: { icon: "○", tone: "text-slate-400" },
  RUNNING: { icon: "◐", tone: "text-blue-600 dark:text-blue-400 motion-safe:animate-spin" },
  SUCCEEDED: { icon: "✓", tone: "text-green-700 dark:text-green-400" },
  FAILED: { icon: "✗", tone: "text-red-700 dark:text-red-400" },
  SKIPPED: { icon: "↷", tone: "text-slate-500" },
  ROLLED_BACK: { icon: "↺", tone: "text-amber-700 dark:text-amber-400" },
};

/** Step names as a person reads them. */
export const STEP_TITLE: Record<string, string> = {
  VALIDATE: "Validate",
  SECRETS: "Generate secrets",
  DATABASE: "Database entries",
  RESOURCES: "Network and volumes",
  DNS: "DNS records",
  TLS: "TLS certificates",
  DEPLOY: "Deploy services",
  SSO: "Single sign-on",
  BRANDING: "Branding",
  NOTIFY: "Notify administrators",
};

export const RUN_TITLE: Record<string, string> = {
  QUEUED: "Queued",
  RUNNING: "Running",
  FAILED: "Failed",
  SUCCEEDED: "Done",
  ROLLING_BACK: "Rolling back",
  ROLLED_BACK: "Rolled back",
};
