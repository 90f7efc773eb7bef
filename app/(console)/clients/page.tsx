import Link from "next/link";
import { can } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/request/current-actor";
import { CLIENT_STATUSES, listClients } from "@/lib/clients/list-clients";
import { countsFor } from "@/lib/clients/counts";
import { NewClientForm } from "./new-client-form";
import { StatusBadge } from "./status-badge";

export const metadata = { title: "Clients" };

const input = "min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";
const LISTED = CLIENT_STATUSES.filter((s) => s !== "DELETED"); // deleted clients are never listed
const PAGE_SIZE = 25;

type Params = { q?: string; status?: string; page?: string };

export default async function ClientsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const { q, status, page } = await searchParams;
  const actor = await requireActor();
  const wanted = LISTED.find((s) => s === status?.toUpperCase());
  // listClients caps at 500 rows; the page shows them 25 at a time and counts only those shown.
  const all = await listClients({ actor, filter: { search: q || undefined, status: wanted } });
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const current = Math.min(pages, Math.max(1, Number.parseInt(page ?? "1", 10) || 1));
  const clients = all.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
  const counts = await countsFor(clients.map((c) => c.id));
  const href = (p: number) =>
    `/clients?${new URLSearchParams({ ...(q ? { q } : {}), ...(wanted ? { status: wanted } : {}), page: String(p) })}`;
  const filtered = Boolean(q || wanted);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">Clients</h1>
        {can(actor, "client:create") && (
          <Link href="/clients/new" className="rounded-md bg-blue-700 px-3 py-1 font-medium text-white">
            New client
          </Link>
        )}
      </div>
      <form className="flex flex-wrap gap-2" role="search" aria-label="Filter clients">
        <input
          name="q"
          defaultValue={q}
          placeholder="Search name or domain"
          aria-label="Search"
          className={`${input} flex-1 sm:flex-none`}
        />
        <select name="status" defaultValue={wanted ?? ""} aria-label="Status" className={input}>
          <option value="">Any status</option>
          {LISTED.map((s) => (
            <option key={s} value={s}>
              {s.toLowerCase()}
            </option>
          ))}
        </select>
        <button className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">Filter</button>
        {filtered && (
          <Link href="/clients" className="self-center text-sm underline">
            Clear
          </Link>
        )}
      </form>
      {clients.length === 0 ? (
        <div
          data-testid="clients-empty"
          className="rounded-md border border-dashed border-slate-300 p-6 text-center dark:border-slate-700"
        >
          <p>No clients{filtered ? " match this filter" : " yet"}.</p>
          {!filtered && can(actor, "client:create") && (
            <p className="mt-2">
              <Link href="/clients/new" className="underline">
                Create the first client
              </Link>
            </p>
          )}
        </div>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {clients.map((c) => {
            const n = counts.get(c.id);
            return (
              <li key={c.id} data-testid="client-row" className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                <Link href={`/clients/${c.id}`} className="break-words font-medium underline">
                  {c.name}
                </Link>
                <span className="break-all text-slate-500">{c.domain}</span>
                <StatusBadge status={c.status} />
                <span className="text-sm text-slate-500">
                  {n?.services === null ? "services unknown (Docker unreachable)" : `${n?.services ?? 0} services`} ·{" "}
                  {n?.users ?? 0} users
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {pages > 1 && (
        <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
          {current > 1 && (
            <Link href={href(current - 1)} className="underline">
              Previous
            </Link>
          )}
          <span>
            Page {current} of {pages} · {all.length}
            {all.length >= 500 ? "+ (first 500; narrow the search)" : ""} clients
          </span>
          {current < pages && (
            <Link href={href(current + 1)} className="underline">
              Next
            </Link>
          )}
        </nav>
      )}
      {can(actor, "client:create") && <NewClientForm />}
    </div>
  );
}
