import Link from "next/link";
import { notFound } from "next/navigation";
import { can, canOnClient } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/current-actor";
import { getClient } from "@/lib/clients/list-clients";
import { listClientUsers, mayListClientUsers } from "@/lib/clients/client-users";
import { listServices } from "@/lib/services/list-services";
import { listZones } from "@/lib/dns/zones";
import { isWithin } from "@/lib/dns/names";
import { listAuditLogs } from "@/lib/audit/list-audit-logs";
import { isAppError } from "@/lib/errors";
import { StatusBadge } from "../status-badge";
import { ClientStatusRefresh } from "./status-refresh";
import { LifecycleButtons } from "./lifecycle-buttons";
import { UsersPanel } from "./users-panel";

export const metadata = { title: "Client" };

/** A section whose source is down says so instead of failing the whole page. */
async function orMessage<T>(read: () => Promise<T>): Promise<T | string> {
  try {
    return await read();
  } catch (err) {
    if (isAppError(err)) return err.message;
    throw err;
  }
}

export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const client = await getClient({ actor, id }).catch((err) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  const billing = (client.metadata as { billing?: { plan: string; price: number; currency: string } } | null)?.billing;
  const [services, users, zones, activity] = await Promise.all([
    orMessage(() => listServices({ actor, filter: { clientId: client.id } })),
    mayListClientUsers(actor, client.id) ? listClientUsers({ actor, clientId: client.id }) : Promise.resolve(null),
    can(actor, "dns:read") ? orMessage(async () => (await listZones({ actor })).filter((z) => z.clientId === client.id || isWithin(z.name, client.domain))) : Promise.resolve([]),
    listAuditLogs({ actor, filter: { resourceType: "client", resourceId: client.id }, first: 20 }),
  ]);
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold" data-testid="client-name">{client.name}</h1>
        <p className="flex items-center gap-2 text-slate-500">{client.domain} <StatusBadge status={client.status} /></p>
        <ClientStatusRefresh id={client.id} initial={client.status} />
      </div>

      <section aria-labelledby="overview" className="space-y-1">
        <h2 id="overview" className="text-lg font-semibold">Overview</h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 text-sm">
          <dt>Domain</dt><dd>{client.domain}</dd>
          <dt>Status</dt><dd>{client.status}</dd>
          <dt>Billing</dt><dd>{billing ? `${billing.plan} · ${billing.price} ${billing.currency}` : "none"}</dd>
          <dt>Created</dt><dd>{client.createdAt?.toISOString().replace("T", " ").slice(0, 16) ?? "unknown"} UTC</dd>
        </dl>
        <LifecycleButtons id={client.id} domain={client.domain} status={client.status}
          canSuspend={canOnClient(actor, "client:suspend", client.id)} canDelete={canOnClient(actor, "client:delete", client.id)} />
      </section>

      <section aria-labelledby="services" className="space-y-1">
        <h2 id="services" className="text-lg font-semibold">Services</h2>
        {typeof services === "string" ? <p role="alert" className="text-sm">{services}</p> : services.length === 0 ? <p className="text-sm text-slate-500">No services.</p> : (
          <ul className="text-sm">
            {services.map((s) => <li key={s.id}><Link href={`/services/${s.id}`} className="underline">{s.name}</Link> · {s.type.toLowerCase()} · {s.status.toLowerCase()}</li>)}
          </ul>
        )}
      </section>

      {users && (
        <section aria-labelledby="users" className="space-y-1">
          <h2 id="users" className="text-lg font-semibold">Users</h2>
          <UsersPanel id={client.id} users={users} canManage={canOnClient(actor, "client:users:manage", client.id)} />
        </section>
      )}

      <section aria-labelledby="dns" className="space-y-1">
        <h2 id="dns" className="text-lg font-semibold">DNS zones</h2>
        {typeof zones === "string" ? <p role="alert" className="text-sm">{zones}</p> : zones.length === 0 ? <p className="text-sm text-slate-500">No DNS zones.</p> : (
          <ul className="text-sm">{zones.map((z) => <li key={z.id}><Link href={`/dns/${z.name}`} className="underline">{z.name}</Link> · {z.recordCount} records</li>)}</ul>
        )}
      </section>

      <section aria-labelledby="activity" className="space-y-1">
        <h2 id="activity" className="text-lg font-semibold">Activity</h2>
        {activity.items.length === 0 ? <p className="text-sm text-slate-500">No activity you may see.</p> : (
          <ul className="text-sm" data-testid="client-activity">
            {activity.items.map((r) => (
              <li key={r.id}>{r.createdAt?.toISOString().replace("T", " ").slice(0, 19)} · {r.action} · {r.result}</li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
