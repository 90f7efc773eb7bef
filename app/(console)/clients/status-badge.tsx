const COLOURS: Record<string, string> = {
  active: "bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-200",
  provisioning: "bg-blue-100 text-blue-800 dark:bg-blue-900 dark:text-blue-200",
  suspended: "bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-200",
  deleted: "bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
};

/** A client's status as a coloured badge; the word is always written out (never colour only). */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      data-testid="client-status-badge"
      className={`rounded px-2 py-0.5 text-xs font-medium ${COLOURS[status] ?? COLOURS.deleted}`}
    >
      {status}
    </span>
  );
}
