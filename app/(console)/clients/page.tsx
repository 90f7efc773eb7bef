import Link from "next/link";
import { can } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/current-actor";
import { CLIENT_STATUSES, listClients } from "@/lib/clients/list-clients";
import { countsFor } from "@/lib/clients/counts";
import { NewClientForm } from "./new-client-form";
import { StatusBadge } from "./status-badge";

export const metadata = { title: "Clients" };

const input = "rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";
const LISTED = CLIENT_STATUSES.filter((s) => s !== "DELETED"); // deleted clients are never listed

export default async function ClientsPage({ searchParams }: { searchParams: Promise<{ q?: string; status?: string }> }) {
  const { q, status } = await searchParams;
  const actor = await requireActor();
  const wanted = LISTED.find((s) => s === status?.toUpperCase());
  const clients = await listClients({ actor, filter: { search: q || undefined, status: wanted } });
  const counts = await countsFor(clients.map((c) => c.id));
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Clients</h1>
      {can(actor, "client:create") && <NewClientForm />}
      <form className="flex flex-wrap gap-2">
        <input name="q" defaultValue={q} placeholder="Search name or domain" className={input} />
        <select name="status" defaultValue={wanted ?? ""} aria-label="Status" className={input}>
          <option value="">Any status</option>
          {LISTED.map((s) => <option key={s} value={s}>{s.toLowerCase()}</option>)}
        </select>
        <button className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">Filter</button>
      </form>
      {clients.length === 0 ? (
        <p data-testid="clients-empty">No clients{q || wanted ? " match this filter" : " yet"}.</p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {clients.map((c) => {
            const n = counts.get(c.id);
            return (
              <li key={c.id} data-testid="client-row" className="flex flex-wrap items-center gap-2 py-2">
                <Link href={`/clients/${c.id}`} className="font-medium underline">{c.name}</Link>
                <span className="text-slate-500">{c.domain}</span>
                <StatusBadge status={c.status} />
                <span className="text-sm text-slate-500">
                  {n?.services === null ? "services unknown (Docker unreachable)" : `${n?.services ?? 0} services`} · {n?.users ?? 0} users
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
