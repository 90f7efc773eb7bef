import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/request/current-actor";
import { isAppError } from "@/lib/errors";
import { getService } from "@/lib/services/list-services";
import { serviceAccessOf } from "@/lib/services/container-access";
import { formatBytes as bytes, STATUS_BADGE } from "../format";
import { LiveRefresh } from "../live-refresh";
import { ExecPanel } from "./exec-panel";
import { LogViewer } from "./log-viewer";
import { ServiceActions } from "./service-actions";
import { UsageSparkline } from "./usage-sparkline";

export const metadata = { title: "Service" };
export const dynamic = "force-dynamic";

export default async function ServicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const s = await getService({ actor, id }).catch((err) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  // Only the controls this actor can use on this container (ADR 026: a platform container is
  // read-only but for a SUPER_ADMIN); the domain checks again on every call.
  const access = serviceAccessOf(actor, s);
  const u = s.resourceUsage;
  // A sample of a container that has since stopped is history, not usage.
  const sampled = s.status === "RUNNING" && u.sampledAt !== null;
  const idle = s.status === "RUNNING" ? "not sampled yet" : "not running";
  const rows: [string, string][] = [
    ["Type", s.type],
    ["Image", s.image],
    ["Client", s.clientId ?? "system"],
    ["Managed", access.managed ? "by SecureNexus" : "no: a platform container (read-only for most roles)"],
    ["Created", s.created.toISOString()],
    [
      "Health",
      s.health.status === "NONE"
        ? "no healthcheck"
        : `${s.health.status}${s.health.failingStreak ? ` (failing ${s.health.failingStreak}×)` : ""}`,
    ],
    ["Network", sampled ? `rx ${bytes(u.networkRx)} · tx ${bytes(u.networkTx)}` : idle],
  ];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h1 className="break-all text-2xl font-semibold" data-testid="service-name">
          {s.name}
        </h1>
        <span
          data-testid="service-status-badge"
          className={`rounded-full px-2 py-0.5 text-sm font-semibold ${STATUS_BADGE[s.status] ?? ""}`}
        >
          {s.status}
        </span>
      </div>
      <p className="break-all font-mono text-xs text-slate-500">
        {s.id} <LiveRefresh serviceId={s.id} />
      </p>
      <ServiceActions id={s.id} name={s.name} allowed={access.actions} />
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        {rows.map(([k, v]) => [
          <dt key={`${k}-k`} className="text-slate-500">
            {k}
          </dt>,
          <dd key={`${k}-v`} data-testid={`service-${k.toLowerCase()}`} className="break-all">
            {v}
          </dd>,
        ])}
      </dl>
      {/* keyed by status: a restarted container starts a fresh history */}
      <UsageSparkline
        key={`usage-${s.status}`}
        serviceId={s.id}
        running={s.status === "RUNNING"}
        initial={{
          cpuPercent: u.cpuPercent,
          memoryUsage: u.memoryUsage,
          memoryLimit: u.memoryLimit,
          sampledAt: sampled ? u.sampledAt!.toISOString() : null,
        }}
      />
      {s.health.lastOutput && (
        <p className="text-sm">
          Last health output: <code>{s.health.lastOutput}</code>
        </p>
      )}
      <section>
        <h2 className="text-lg font-semibold">Ports</h2>
        {s.ports.length === 0 ? (
          <p className="text-slate-500">No ports.</p>
        ) : (
          <ul data-testid="service-ports">
            {s.ports.map((p) => (
              <li key={`${p.privatePort}/${p.protocol}/${p.publicPort}`}>
                {p.privatePort}/{p.protocol}
                {p.publicPort
                  ? ` → ${p.ip ?? "0.0.0.0"}:${p.publicPort}`
                  : p.ip
                    ? ` → ${p.ip} (port assigned at start)`
                    : " (not published)"}
              </li>
            ))}
          </ul>
        )}
      </section>
      {/* keyed by status: a restarted service gets a fresh follow (Docker ends it at a stop) */}
      {access.exec && s.status === "RUNNING" && <ExecPanel serviceId={s.id} />}
      {access.logs && <LogViewer key={s.status} serviceId={s.id} name={s.name} />}
    </div>
  );
}
