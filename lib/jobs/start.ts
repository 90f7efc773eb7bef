import "server-only";

/** Starts the job runner and schedules (see lib/jobs/runner.ts). */
export async function startBackgroundWork(): Promise<void> {}
