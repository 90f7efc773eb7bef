import Link from "next/link";
import { notFound } from "next/navigation";
import { can, canOnClient } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/request/current-actor";
import { getClient } from "@/lib/clients/list-clients";
import { listClientUsers, mayListClientUsers } from "@/lib/clients/client-users";
import { listServices } from "@/lib/services/list-services";
import { listZones } from "@/lib/dns/zones";
import { listRecords } from "@/lib/dns/records";
import { listAuditLogs } from "@/lib/audit/list-audit-logs";
import { getProvisioning, type ProvisioningView } from "@/lib/provisioning/provisioning";
import { isAppError } from "@/lib/errors";
import { StatusBadge } from "../status-badge";
import { ProvisioningLiveView } from "../provisioning/live-view";
import type { RunView } from "../provisioning/steps";
import { ClientLive } from "./client-live";
import { LifecycleButtons } from "./lifecycle-buttons";
import { UsersPanel } from "./users-panel";
import { EditClientForm } from "./edit-form";
import { activityList, dnsList, servicesList } from "./sections";

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

/** The run as the GraphQL view the live island reads (enum values upper case, dates as text). */
function toRunView(r: ProvisioningView): RunView {
  return {
    status: r.status.toUpperCase(),
    currentStep: r.currentStep?.toUpperCase() ?? null,
    percent: r.percent,
    error: r.error,
    log: r.log,
    steps: r.steps.map((s) => ({
      name: s.name.toUpperCase(),
      status: s.status.toUpperCase(),
      startedAt: s.startedAt?.toISOString() ?? null,
      finishedAt: s.finishedAt?.toISOString() ?? null,
      error: s.error,
      skippedReason: s.skippedReason,
    })),
  };
}

const heading = "text-lg font-semibold";

export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const client = await getClient({ actor, id }).catch((err) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  const billing = (client.metadata as { billing?: { plan: string; price: number; currency: string } } | null)?.billing;
  const [services, users, zones, activity, run] = await Promise.all([
    orMessage(() => listServices({ actor, filter: { clientId: client.id } })),
    mayListClientUsers(actor, client.id) ? listClientUsers({ actor, clientId: client.id }) : Promise.resolve(null),
    can(actor, "dns:read")
      ? orMessage(async () => {
          const mine = (await listZones({ actor })).filter((z) => z.clientId === client.id);
          return Promise.all(
            mine.map(async (z) => ({
              zone: z.name,
              records: await orMessage(() => listRecords({ actor, zone: z.name })),
            })),
          );
        })
      : Promise.resolve([]),
    listAuditLogs({ actor, filter: { resourceType: "client", resourceId: client.id }, first: 20 }),
    getProvisioning({ actor, clientId: client.id }),
  ]);
  // What keeps an operator from changing the domain now (the domain layer decides again).
  const zoneCount = Array.isArray(zones) ? zones.length : 0;
  const serviceCount = Array.isArray(services) ? services.length : 0;
  const domainLocked = zoneCount ? `${zoneCount} DNS zone(s)` : serviceCount ? `${serviceCount} service(s)` : null;
  // The live view while provisioning runs or after it failed; a finished run stays readable below.
  const liveRun = run && (client.status === "provisioning" || run.status === "failed");
  const provisioning = run && (
    <ProvisioningLiveView
      clientId={client.id}
      initial={toRunView(run)}
      canManage={canOnClient(actor, "client:provision", client.id)}
      refreshPage
    />
  );
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <p className="text-sm">
          <Link href="/clients" className="underline">
            Clients
          </Link>{" "}
          /
        </p>
        <h1 className="break-words text-2xl font-semibold" data-testid="client-name">
          {client.name}
        </h1>
        <p className="flex flex-wrap items-center gap-2 text-slate-500">
          <span className="break-all">{client.domain}</span> <StatusBadge status={client.status} />{" "}
          <ClientLive clientId={client.id} watchServices={can(actor, "service:read")} />
        </p>
      </div>

      <section aria-labelledby="overview" className="space-y-2">
        <h2 id="overview" className={heading}>
          Overview
        </h2>
        <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 text-sm">
          <dt>Domain</dt>
          <dd className="break-all">{client.domain}</dd>
          <dt>Status</dt>
          <dd data-testid="client-status">{client.status}</dd>
          <dt>Billing</dt>
          <dd>{billing ? `${billing.plan} · ${billing.price} ${billing.currency}` : "none"}</dd>
          <dt>Created</dt>
          <dd>{client.createdAt?.toISOString().replace("T", " ").slice(0, 16) ?? "unknown"} UTC</dd>
        </dl>
        {canOnClient(actor, "client:update", client.id) && (
          <EditClientForm
            id={client.id}
            name={client.name}
            domain={client.domain}
            canChangeDomain={canOnClient(actor, "client:domain:update", client.id)}
            domainLocked={domainLocked}
          />
        )}
        <LifecycleButtons
          id={client.id}
          domain={client.domain}
          status={client.status}
          canSuspend={canOnClient(actor, "client:suspend", client.id)}
          canDelete={canOnClient(actor, "client:delete", client.id)}
        />
      </section>

      {liveRun && (
        <section aria-labelledby="provisioning" className="space-y-2">
          <h2 id="provisioning" className={heading}>
            Provisioning
          </h2>
          {provisioning}
        </section>
      )}

      <section aria-labelledby="services" className="space-y-1">
        <h2 id="services" className={heading}>
          Services
        </h2>
        {servicesList(services)}
      </section>

      {users && (
        <section aria-labelledby="users" className="space-y-1">
          <h2 id="users" className={heading}>
            Users
          </h2>
          <UsersPanel id={client.id} users={users} canManage={canOnClient(actor, "client:users:manage", client.id)} />
        </section>
      )}

      <section aria-labelledby="dns" className="space-y-1">
        <h2 id="dns" className={heading}>
          DNS records
        </h2>
        {dnsList(zones)}
      </section>

      <section aria-labelledby="activity" className="space-y-1">
        <h2 id="activity" className={heading}>
          Activity
        </h2>
        {activityList(activity.items)}
      </section>

      {run && !liveRun && (
        <details>
          <summary className="cursor-pointer text-sm">Provisioning history ({run.status.replace("_", " ")})</summary>
          <div className="mt-2">{provisioning}</div>
        </details>
      )}
    </div>
  );
}
