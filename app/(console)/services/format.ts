/** Bytes as a person reads them (KiB, MiB, GiB), for the service pages. */
export function formatBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  return `${Math.round(n / 1024)} KiB`;
}

/** The colour of a service status badge, the same on the list and the detail. */
export const STATUS_BADGE: Record<string, string> = {
  RUNNING: "bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300",
  STOPPED: "bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  RESTARTING: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  ERROR: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
};
