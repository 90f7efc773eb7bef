// The worker entry: the console's background jobs (provisioning, DNS reconcile, audit retention)
// without the web server, from the same code. Run several for more capacity or availability:
// jobs are claimed with FOR UPDATE SKIP LOCKED and leases (docs/decisions/004-job-runner.md).
//   node --conditions react-server --import tsx scripts/worker.ts
// (node itself, not the tsx CLI: that runs the worker in a grandchild process, which a
// supervisor's signal to its child does not reach)
// Set JOBS_ENABLED=false on web instances that should leave the jobs to workers.
import { ensureDatabase } from "../lib/db";
import { config } from "../lib/config";
import { startBackgroundWork } from "../lib/jobs/start";
import { stopJobRunner } from "../lib/jobs/runner";

async function main() {
  config(); // a bad variable stops here, naming it
  await ensureDatabase();
  await startBackgroundWork();
  console.log(
    `[worker] running jobs (pid ${process.pid}, poll ${config().JOBS_POLL_MS} ms, lease ${config().JOBS_LEASE_MS} ms)`,
  );
  const stop = async (signal: string) => {
    console.log(`[worker] ${signal}: finishing the jobs in flight`);
    await stopJobRunner();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((err) => {
  console.error(`[worker] ${(err as Error).message}`);
  process.exit(1);
});
