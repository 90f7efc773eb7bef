import Link from "next/link";
import type { DnsRecordRow } from "@/lib/dns/records";
import type { Service } from "@/lib/services/service";
import { STATUS_BADGE } from "../../services/format";

// Read-only sections of the client page, as plain functions returning elements (called, not
// mounted, so the page's tree holds their text). A section whose source is down gets the message
// as a string and says so instead of failing the whole page.

const muted = "text-sm text-slate-500";

export function servicesList(services: Service[] | string) {
  if (typeof services === "string")
    return (
      <p role="alert" className="text-sm">
        {services}
      </p>
    );
  if (services.length === 0) return <p className={muted}>No services.</p>;
  return (
    <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800" data-testid="client-services">
      {services.map((s) => (
        <li key={s.id} data-testid="client-service" className="flex flex-wrap items-baseline gap-x-3 py-1">
          <Link href={`/services/${s.id}`} className="break-all font-medium underline">
            {s.name}
          </Link>
          <span
            data-testid="client-service-status"
            className={`rounded-full px-2 text-xs font-semibold ${STATUS_BADGE[s.status] ?? ""}`}
          >
            {s.status}
          </span>
          <span>{s.type.toLowerCase()}</span>
          {s.health.status !== "NONE" && (
            <span className="text-slate-500">health: {s.health.status.toLowerCase()}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

export type ZoneRecords = { zone: string; records: DnsRecordRow[] | string };

export function dnsList(zones: ZoneRecords[] | string) {
  if (typeof zones === "string")
    return (
      <p role="alert" className="text-sm">
        {zones}
      </p>
    );
  if (zones.length === 0) return <p className={muted}>No DNS zones.</p>;
  return (
    <div className="space-y-2">
      {zones.map((z) => (
        <div key={z.zone}>
          <p className="text-sm font-medium">
            <Link href={`/dns/${z.zone}`} className="underline">
              {z.zone}
            </Link>
          </p>
          {typeof z.records === "string" ? (
            <p role="alert" className="text-sm">
              {z.records}
            </p>
          ) : (
            <ul className="text-sm" data-testid="client-dns-records">
              {z.records.slice(0, 30).map((r) => (
                <li key={r.id} className="break-all">
                  <span className="font-mono">{r.fqdn}</span> {r.type} {r.priority !== null ? `${r.priority} ` : ""}
                  {r.value}
                </li>
              ))}
              {z.records.length > 30 && <li className={muted}>… {z.records.length - 30} more in the zone</li>}
            </ul>
          )}
        </div>
      ))}
    </div>
  );
}

export type ActivityRow = { id: string; createdAt: Date | null; action: string; result: string };

export function activityList(items: ActivityRow[]) {
  if (items.length === 0) return <p className={muted}>No activity you may see.</p>;
  return (
    <ul className="text-sm" data-testid="client-activity">
      {items.map((r) => (
        <li key={r.id} className="break-words">
          {r.createdAt?.toISOString().replace("T", " ").slice(0, 19)} · {r.action} · {r.result}
        </li>
      ))}
    </ul>
  );
}
