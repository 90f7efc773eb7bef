import { can } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/request/current-actor";
import { auditFilterFromParams, auditUserNames } from "@/lib/audit/export";
import { listAuditLogs } from "@/lib/audit/list-audit-logs";
import { isAppError } from "@/lib/errors";
import { AuditFilterForm } from "./filter-form";
import { AuditTable } from "./audit-table";

export const metadata = { title: "Audit" };

const FILTER_KEYS = ["userId", "action", "resourceType", "resourceId", "result", "from", "to"] as const;
const button =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-900";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  const raw = await searchParams;
  const first = (k: string) => [raw[k]].flat()[0]?.trim() ?? "";
  // The filters exactly as typed: they refill the form and carry over into every link.
  const values = Object.fromEntries(FILTER_KEYS.map((k) => [k, first(k)]).filter(([, v]) => v));
  const filterQuery = new URLSearchParams(values).toString();
  const after = first("after") || null;

  let page: Awaited<ReturnType<typeof listAuditLogs>> | null = null;
  let problem: string | null = null;
  try {
    page = await listAuditLogs({ actor, filter: auditFilterFromParams(new URLSearchParams(values)), after });
  } catch (err) {
    // A bad date or cursor in the URL is the user's to fix: say what is wrong, keep the form.
    if (!isAppError(err) || (err.code !== "VALIDATION" && err.code !== "FORBIDDEN")) throw err;
    problem = err.message;
  }
  const names = page
    ? await auditUserNames({ actor, userIds: page.items.map((r) => r.userId) })
    : new Map<string, string>();
  const href = (extra: Record<string, string>) => `/audit?${new URLSearchParams({ ...values, ...extra })}`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">Audit</h1>
        {can(actor, "audit:export") && (
          <div className="flex gap-2" aria-label="Export">
            {/* plain links, not next/link: a prefetch would run (and audit) an export */}
            <a
              data-testid="export-csv"
              className={button}
              href={`/api/audit/export?format=csv${filterQuery ? `&${filterQuery}` : ""}`}
            >
              Export CSV
            </a>
            <a
              data-testid="export-json"
              className={button}
              href={`/api/audit/export?format=json${filterQuery ? `&${filterQuery}` : ""}`}
            >
              Export JSON
            </a>
          </div>
        )}
      </div>
      {!can(actor, "audit:read:all") && <p className="text-sm text-slate-500">You see your own actions.</p>}
      <AuditFilterForm values={values} />
      {problem && (
        <p
          role="alert"
          data-testid="audit-error"
          className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {problem}
        </p>
      )}
      {page && page.items.length === 0 && (
        <p
          data-testid="audit-empty"
          className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400"
        >
          {after ? "No older entries." : filterQuery ? "No entries match these filters." : "No audit entries yet."}
        </p>
      )}
      {page && page.items.length > 0 && <AuditTable rows={page.items} names={names} />}
      {(after || page?.hasNextPage) && (
        <nav aria-label="Pages" className="flex justify-between gap-2">
          {after ? (
            <a className={button} href={href({})}>
              ← Newest
            </a>
          ) : (
            <span />
          )}
          {page?.hasNextPage && page.endCursor && (
            <a data-testid="audit-older" className={button} href={href({ after: page.endCursor })}>
              Older →
            </a>
          )}
        </nav>
      )}
    </div>
  );
}
