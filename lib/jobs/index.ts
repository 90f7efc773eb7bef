// The job runner's public surface (docs/decisions/004-job-runner.md).
export { enqueueJob, reportProgress, type EnqueueInput } from "./queue";
export { registerJobHandler, type JobHandler, type JobContext, type JobProgress, type ClaimedJob } from "./registry";
export { createJobRunner, startJobRunner, stopJobRunner, type JobRunner, type RunnerOptions } from "./runner";
export { scheduleDaily, scheduleEvery, enqueueDueSchedules, dailyKey, slotKey } from "./schedule";
