import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { getService } from "@/lib/services/list-services";
import { mayReach } from "@/lib/services/scope";
import { LiveRefresh } from "../live-refresh";
import { LogViewer } from "./log-viewer";
import { ServiceActions } from "./service-actions";

export const metadata = { title: "Service" };
export const dynamic = "force-dynamic";

const bytes = (n: number) => (n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1)} GiB` : n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${Math.round(n / 1024)} KiB`);

export default async function ServicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const s = await getService({ actor, id }).catch((err) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  const mayReadLogs = mayReach(actor, "service:logs", s.clientId);
  const allowed = (["start", "stop", "restart"] as const).filter((a) => mayReach(actor, `service:${a}`, s.clientId));
  const u = s.resourceUsage;
  // A sample of a container that has since stopped is history, not usage.
  const sampled = s.status === "RUNNING" && u.sampledAt !== null;
  const idle = s.status === "RUNNING" ? "not sampled yet" : "not running";
  const rows: [string, string][] = [
    ["Status", s.status],
    ["Type", s.type],
    ["Image", s.image],
    ["Client", s.clientId ?? "system"],
    ["Created", s.created.toISOString()],
    ["Health", s.health.status === "NONE" ? "no healthcheck" : `${s.health.status}${s.health.failingStreak ? ` (failing ${s.health.failingStreak}×)` : ""}`],
    ["CPU", sampled ? `${u.cpuPercent.toFixed(1)} %` : idle],
    ["Memory", sampled ? `${bytes(u.memoryUsage)} of ${bytes(u.memoryLimit)}` : idle],
    ["Network", sampled ? `rx ${bytes(u.networkRx)} · tx ${bytes(u.networkTx)}` : idle],
  ];
  return (
    <div className="space-y-4">
      <h1 className="break-all text-2xl font-semibold" data-testid="service-name">{s.name}</h1>
      <p className="break-all font-mono text-xs text-slate-500">{s.id} <LiveRefresh serviceId={s.id} /></p>
      <ServiceActions id={s.id} name={s.name} allowed={[...allowed]} />
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        {rows.map(([k, v]) => [<dt key={`${k}-k`} className="text-slate-500">{k}</dt>, <dd key={`${k}-v`} data-testid={`service-${k.toLowerCase()}`} className="break-all">{v}</dd>])}
      </dl>
      {s.health.lastOutput && <p className="text-sm">Last health output: <code>{s.health.lastOutput}</code></p>}
      <section>
        <h2 className="text-lg font-semibold">Ports</h2>
        {s.ports.length === 0 ? <p className="text-slate-500">No ports.</p> : (
          <ul data-testid="service-ports">
            {s.ports.map((p) => <li key={`${p.privatePort}/${p.protocol}/${p.publicPort}`}>{p.privatePort}/{p.protocol}{p.publicPort ? ` → ${p.ip ?? "0.0.0.0"}:${p.publicPort}` : p.ip ? ` → ${p.ip} (port assigned at start)` : " (not published)"}</li>)}
          </ul>
        )}
      </section>
      {/* keyed by status: a restarted service gets a fresh follow (Docker ends it at a stop) */}
      {mayReadLogs && <LogViewer key={s.status} serviceId={s.id} name={s.name} />}
    </div>
  );
}
