import type { AuditLogRow } from "@/lib/audit/list-audit-logs";

// One markup for both sizes: a table on desktop, each row a stacked card on a phone (the cell
// labels show only there). One element per entry, so tests find the same rows at any width.

const BADGE: Record<string, string> = {
  success: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300",
  failure: "bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300",
  denied: "bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300",
};

function utc(d: Date | null): string {
  return d ? d.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—";
}

function Cell({ label, children, className = "" }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <td className={`flex gap-2 py-0.5 md:table-cell md:px-2 md:py-2 md:align-top ${className}`}>
      <span className="w-20 shrink-0 text-xs text-slate-500 md:hidden">{label}</span>
      <span className="min-w-0 break-words">{children}</span>
    </td>
  );
}

export function AuditTable({ rows, names }: { rows: AuditLogRow[]; names: Map<string, string> }) {
  return (
    <table className="w-full text-sm">
      <thead className="hidden border-b border-slate-200 text-left text-xs uppercase text-slate-500 md:table-header-group dark:border-slate-800">
        <tr>
          {["Time", "User", "Action", "Resource", "Result", "IP", ""].map((h) => (
            <th key={h} className="px-2 py-2 font-medium">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="block md:table-row-group">
        {rows.map((r) => {
          const name = names.get(r.userId);
          const details =
            r.details && typeof r.details === "object" && Object.keys(r.details).length ? r.details : null;
          return (
            <tr
              key={r.id}
              data-testid="audit-row"
              data-action={r.action}
              data-result={r.result}
              className="mb-3 block rounded-lg border border-slate-200 p-3 md:table-row md:rounded-none md:border-0 md:border-b md:p-0 dark:border-slate-800"
            >
              <Cell label="Time" className="whitespace-nowrap">
                <time dateTime={r.createdAt?.toISOString()}>{utc(r.createdAt)}</time>
              </Cell>
              <Cell label="User">
                <span title={r.userId}>{name ?? r.userId}</span>
              </Cell>
              <Cell label="Action">
                <code>{r.action}</code>
              </Cell>
              <Cell label="Resource">
                {r.resourceType ? `${r.resourceType}${r.resourceId ? ` ${r.resourceId}` : ""}` : "—"}
              </Cell>
              <Cell label="Result">
                <span
                  data-testid="audit-result"
                  className={`rounded-full px-2 py-0.5 text-xs font-medium ${BADGE[r.result] ?? "bg-slate-100 dark:bg-slate-800"}`}
                >
                  {r.result}
                </span>
              </Cell>
              <Cell label="IP">{r.ipAddress ?? "—"}</Cell>
              <Cell label="Details">
                {details || r.userAgent ? (
                  <details>
                    <summary className="cursor-pointer text-slate-600 dark:text-slate-400">Details</summary>
                    {r.userAgent && <p className="mt-1 text-xs text-slate-500">User agent: {r.userAgent}</p>}
                    {details && (
                      <pre className="mt-1 max-w-md overflow-x-auto whitespace-pre-wrap break-all text-xs">
                        {JSON.stringify(details, null, 2)}
                      </pre>
                    )}
                  </details>
                ) : (
                  "—"
                )}
              </Cell>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
