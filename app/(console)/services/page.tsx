import Link from "next/link";
import { requireActor } from "@/lib/auth/request/current-actor";
import { listClients } from "@/lib/clients/list-clients";
import { SERVICE_STATUSES } from "@/lib/docker/status";
import { isAppError } from "@/lib/errors";
import { containerKindOf } from "@/lib/services/container-access";
import { listServices } from "@/lib/services/list-services";
import { SERVICE_TYPES } from "@/lib/services/service-type";
import type { Service } from "@/lib/services/service";
import { STATUS_BADGE } from "./format";
import { LiveRefresh } from "./live-refresh";

export const metadata = { title: "Services" };
export const dynamic = "force-dynamic";

type Params = { q?: string; status?: string; type?: string; client?: string };
const field = "rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";

export default async function ServicesPage({ searchParams }: { searchParams: Promise<Params> }) {
  const p = await searchParams;
  const actor = await requireActor();
  const filter = {
    search: p.q || undefined,
    status: (SERVICE_STATUSES as readonly string[]).includes(p.status ?? "") ? p.status : undefined,
    type: (SERVICE_TYPES as readonly string[]).includes(p.type ?? "") ? p.type : undefined,
    clientId: p.client || undefined,
  };
  const clients = await listClients({ actor });
  const clientName = new Map(clients.map((c) => [c.id, c.name]));
  let services: Service[] = [];
  let problem: string | null = null;
  try {
    services = await listServices({ actor, filter });
  } catch (err) {
    if (!isAppError(err) || err.code !== "UNAVAILABLE") throw err;
    problem = err.message;
  }
  return (
    <div className="space-y-4">
      <div className="flex items-baseline gap-3">
        <h1 className="text-2xl font-semibold">Services</h1>
        <LiveRefresh />
        {actor.permissions.has("image:read") && (
          <Link href="/services/host" className="text-sm underline">
            Images, networks, volumes
          </Link>
        )}
      </div>
      <form className="flex flex-wrap gap-2" data-testid="services-filter">
        <input name="q" defaultValue={p.q} placeholder="Search name, image or id" className={field} />
        <select name="status" defaultValue={filter.status ?? ""} className={field} aria-label="Status">
          <option value="">Any status</option>
          {SERVICE_STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select name="type" defaultValue={filter.type ?? ""} className={field} aria-label="Type">
          <option value="">Any type</option>
          {SERVICE_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        {clients.length > 1 && (
          <select name="client" defaultValue={p.client ?? ""} className={field} aria-label="Client">
            <option value="">Any client</option>
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
        <button className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">Filter</button>
      </form>
      {problem ? (
        <p role="alert" data-testid="services-unavailable" className="text-red-600">
          {problem}
        </p>
      ) : services.length === 0 ? (
        <p data-testid="services-empty">No services match.</p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {services.map((s) => (
            <li key={s.id} data-testid="service-row" className="flex flex-wrap items-baseline gap-x-3 py-2">
              <Link href={`/services/${s.id}`} className="break-all font-medium underline">
                {s.name}
              </Link>
              <span
                data-testid="service-row-status"
                className={`rounded-full px-2 text-sm font-semibold ${STATUS_BADGE[s.status] ?? ""}`}
              >
                {s.status}
              </span>
              <span className="text-sm">{s.type}</span>
              <span className="break-all text-sm text-slate-500">{s.image}</span>
              <span className="text-sm text-slate-500">
                {s.clientId ? (clientName.get(s.clientId) ?? s.clientId) : "system"}
              </span>
              {containerKindOf(s.labels) === "platform" && (
                <span
                  data-testid="service-row-platform"
                  title="Not made by SecureNexus: read-only but for a SUPER_ADMIN"
                  className="rounded-full border border-slate-300 px-2 text-xs text-slate-500 dark:border-slate-700"
                >
                  platform
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
