// Docker container state in the product's four words. An exit by a stop signal (0, SIGINT 130,
// SIGKILL 137, SIGTERM 143) is a stop; any other exit code, or a dead container, is an error.
export const SERVICE_STATUSES = ["RUNNING", "STOPPED", "RESTARTING", "ERROR"] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

const STOP_CODES = new Set([0, 130, 137, 143]);

export function statusOf(state: string, exitCode: number | null, oomKilled = false): ServiceStatus {
  switch (state) {
    case "running":
      return "RUNNING";
    case "restarting":
      return "RESTARTING";
    case "dead":
      return "ERROR";
    case "exited":
      return oomKilled || (exitCode !== null && !STOP_CODES.has(exitCode)) ? "ERROR" : "STOPPED";
    default: // created, paused, removing
      return "STOPPED";
  }
}

/** The exit code in a list summary's Status text ("Exited (1) 2 minutes ago"). */
export function exitCodeOfStatusText(text: string | undefined): number | null {
  const m = /Exited \((\d+)\)/.exec(text ?? "");
  return m ? Number(m[1]) : null;
}
