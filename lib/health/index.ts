import "server-only";
import { appVersion } from "../system/version";
import { registerBuiltInChecks } from "./checks";
import { publicMessage } from "./errors";
import { healthChecks, type CheckStatus, type HealthCheck } from "./registry";

export { registerHealthCheck, type CheckStatus, type HealthCheck } from "./registry";

export type HealthStatus = "HEALTHY" | "DEGRADED" | "UNHEALTHY";
export type CheckResult = { status: CheckStatus; latencyMs: number | null; error: string | null };
export type HealthReport = {
  status: HealthStatus;
  version: string;
  uptime: number;
  checks: Record<string, CheckResult>;
};

/** No check may hold up /health longer than this, whatever its backend does. */
export const CHECK_TIMEOUT_MS = 2000;

registerBuiltInChecks();

async function runCheck(check: HealthCheck): Promise<CheckResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    if (!check.enabled()) return { status: "disabled", latencyMs: null, error: null };
    const probe = check.probe(controller.signal);
    // After a timeout the probe's own late failure is already reported as the timeout.
    probe.catch(() => {});
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`));
      }, CHECK_TIMEOUT_MS);
    });
    await Promise.race([probe, timeout]);
    return { status: "up", latencyMs: elapsed(), error: null };
  } catch (err) {
    return { status: "down", latencyMs: elapsed(), error: publicMessage(err) };
  } finally {
    clearTimeout(timer);
  }
}

function overall(checks: HealthCheck[], results: CheckResult[]): HealthStatus {
  const down = checks.filter((_, i) => results[i]!.status === "down");
  if (down.some((c) => c.critical)) return "UNHEALTHY";
  return down.length ? "DEGRADED" : "HEALTHY";
}

async function runAll(): Promise<HealthReport> {
  const checks = healthChecks();
  const results = await Promise.all(checks.map(runCheck));
  return {
    status: overall(checks, results),
    version: appVersion(),
    // The process's uptime: a module-level start time would restart with each route bundle.
    uptime: Math.floor(process.uptime()),
    checks: Object.fromEntries(checks.map((c, i) => [c.name, results[i]!])),
  };
}

// Concurrent callers share one run; callers that poll (system status in the UI) may accept a
// recent report instead of probing every backend again.
const g = globalThis as {
  __snxHealthRun?: Promise<HealthReport>;
  __snxHealthLast?: { at: number; report: HealthReport };
};

/** Runs every registered check concurrently, each bounded by CHECK_TIMEOUT_MS. */
export async function healthReport({ maxAgeMs = 0 }: { maxAgeMs?: number } = {}): Promise<HealthReport> {
  const last = g.__snxHealthLast;
  if (last && maxAgeMs > 0 && Date.now() - last.at <= maxAgeMs) return last.report;
  g.__snxHealthRun ??= runAll()
    .then((report) => ((g.__snxHealthLast = { at: Date.now(), report }), report))
    .finally(() => (g.__snxHealthRun = undefined));
  return g.__snxHealthRun;
}
