import "server-only";

// The health checks of the process, by name. Built-in checks register in ./checks.ts; a later
// domain (e.g. the Authentik circuit breaker) registers its own with registerHealthCheck().
// Kept on globalThis: Next bundles route handlers separately, and every bundle must see the
// same checks.

export type CheckStatus = "up" | "down" | "disabled";

export type HealthCheck = {
  name: string;
  /** Down → the whole process is UNHEALTHY (e.g. the database). Otherwise down → DEGRADED. */
  critical: boolean;
  /** False when the backend is not configured: reported as "disabled", never as an error. */
  enabled(): boolean;
  /** Resolves when the backend answers; throws (with a message fit for the public) otherwise.
   *  `signal` aborts when the check's timeout passes. */
  probe(signal: AbortSignal): Promise<void>;
};

const g = globalThis as { __snxHealthChecks?: Map<string, HealthCheck> };

function checks(): Map<string, HealthCheck> {
  return (g.__snxHealthChecks ??= new Map());
}

/** Adds (or replaces, by name) a check. */
export function registerHealthCheck(check: HealthCheck): void {
  checks().set(check.name, check);
}

export function healthChecks(): HealthCheck[] {
  return [...checks().values()];
}
