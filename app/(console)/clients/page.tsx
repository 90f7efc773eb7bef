import Link from "next/link";
import { requireActor } from "@/lib/auth/current-actor";
import { listClients } from "@/lib/clients/list-clients";

export const metadata = { title: "Clients" };

export default async function ClientsPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { q } = await searchParams;
  const clients = await listClients({ actor: await requireActor(), filter: { search: q || undefined } });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Clients</h1>
      <form className="flex gap-2">
        <input name="q" defaultValue={q} placeholder="Search name or domain" className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900" />
        <button className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">Search</button>
      </form>
      <p className="text-sm text-slate-500">Creating and provisioning clients arrives with the Clients issue; this list shows the clients you may see.</p>
      {clients.length === 0 ? (
        <p data-testid="clients-empty">No clients{q ? ` match “${q}”` : " yet"}.</p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {clients.map((c) => (
            <li key={c.id} data-testid="client-row" className="py-2">
              <Link href={`/clients/${c.id}`} className="font-medium underline">{c.name}</Link>{" "}
              <span className="text-slate-500">{c.domain}</span> · <span>{c.status}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
