import "server-only";
import { config } from "../config";
import type { HealthCheck } from "../health/registry";
import { AuthentikDirectory } from "./authentik";
import { CachedDirectory } from "./cache";
import { currentDirectory, directory } from "./index";

// "authentik" on /health: down while the circuit breaker is open or half-open (not yet proven
// up again). Non-critical: the console keeps working on what does not need the directory, so
// /health says DEGRADED. Reads the breaker only; it never calls Authentik itself.
export const authentikHealthCheck: HealthCheck = {
  name: "authentik",
  critical: false,
  enabled: () =>
    currentDirectory()?.kind === "authentik" || Boolean(config().AUTHENTIK_URL && config().AUTHENTIK_TOKEN),
  probe: async () => {
    const outer = directory();
    const d = outer instanceof CachedDirectory ? outer.inner : outer;
    if (!(d instanceof AuthentikDirectory)) return;
    const state = d.breaker.state();
    if (state !== "closed")
      throw new Error(`Authentik circuit ${state} after ${d.breaker.consecutiveFailures()} failed calls`);
  },
};
