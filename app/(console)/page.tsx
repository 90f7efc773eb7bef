import { requireActor } from "@/lib/auth/request/current-actor";
import { systemStatus } from "@/lib/system/system-status";

export const metadata = { title: "Dashboard" };

export default async function Dashboard() {
  const actor = await requireActor();
  // A new Authentik account in no mapped group holds no role yet: say so instead of FORBIDDEN.
  if (actor.roles.length === 0) {
    return (
      <p data-testid="no-role" className="text-slate-600 dark:text-slate-300">
        You have no role yet; ask an administrator.
      </p>
    );
  }
  const status = await systemStatus({ actor });
  const cards = [
    ["Health", status.health],
    ["Version", status.version],
    ["Uptime", `${Math.floor(status.uptime / 60)} min`],
    ["Clients", String(status.clientCount)],
  ];
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">Dashboard</h1>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {cards.map(([k, v]) => (
          <div key={k} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
            <dt className="text-sm text-slate-500">{k}</dt>
            <dd className="text-lg font-semibold" data-testid={`status-${k!.toLowerCase()}`}>
              {v}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-6 text-sm text-slate-500">
        Containers, host CPU, memory and disk appear here once the Services area is built.
      </p>
    </div>
  );
}
