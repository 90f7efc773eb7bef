import "server-only";
import { Gauge, type Registry } from "prom-client";
import { db } from "../db";
import { healthReport } from "../health";
import { ensureReady } from "../startup";

// Product figures, read from the database when Prometheus scrapes (never on a timer): a scrape
// costs three small counts and one health run. When the database cannot answer, the figures
// read NaN ("unknown", not a misleading 0) and securenexus_up{check="database"} says why.

const JOB_STATUSES = ["queued", "running", "succeeded", "failed"] as const;

async function fromDatabase<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    await ensureReady();
    return await read();
  } catch {
    return null; // reported by securenexus_up{check="database"|"startup"} in the same scrape
  }
}

export function registerAppGauges(registry: Registry) {
  new Gauge({
    name: "securenexus_clients",
    help: "Clients that are not deleted",
    registers: [registry],
    async collect() {
      this.set((await fromDatabase(() => db().client.count({ where: { deletedAt: null } }))) ?? NaN);
    },
  });

  new Gauge({
    name: "securenexus_users_active",
    help: "User accounts that are active",
    registers: [registry],
    async collect() {
      this.set((await fromDatabase(() => db().user.count({ where: { isActive: true } }))) ?? NaN);
    },
  });

  new Gauge({
    name: "securenexus_jobs",
    help: "Background jobs by status",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      const rows = await fromDatabase(() => db().job.groupBy({ by: ["status"], _count: { _all: true } }));
      this.reset();
      if (!rows) return;
      // Known statuses always appear (0 when none), so a rate or alert never sees a gap.
      for (const status of JOB_STATUSES) this.set({ status }, 0);
      for (const row of rows) this.set({ status: row.status }, row._count._all);
    },
  });

  new Gauge({
    name: "securenexus_up",
    help: "1 when the health check's backend answers, 0 when it does not (disabled checks are absent)",
    labelNames: ["check"] as const,
    registers: [registry],
    async collect() {
      const report = await healthReport();
      this.reset();
      for (const [check, result] of Object.entries(report.checks)) {
        if (result.status !== "disabled") this.set({ check }, result.status === "up" ? 1 : 0);
      }
    },
  });
}
