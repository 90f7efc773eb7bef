import Link from "next/link";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/request/current-actor";
import type { Actor } from "@/lib/auth/actor";
import { checkZoneHealth, type RecordHealth } from "@/lib/dns/health";
import { listRecords } from "@/lib/dns/records";
import { listZoneRepairs } from "@/lib/dns/reconcile";
import { getDnssec } from "@/lib/dns/dnssec";
import { can } from "@/lib/auth/actor";
import { EnableDnssec } from "./dnssec-button";
import { BULK_FORM_ID, BulkDelete } from "./bulk-delete";
import { EditRecord } from "./edit-record";
import { getZone } from "@/lib/dns/zones";
import { isAppError } from "@/lib/errors";
import { DeleteRecord } from "./delete-record";
import { ImportForm } from "./import-form";
import { RecordForm } from "./record-form";

export const metadata = { title: "DNS zone" };

const HEALTH_STYLE: Record<RecordHealth["status"], string> = {
  ok: "text-green-700 dark:text-green-400",
  mismatch: "text-red-700 dark:text-red-400",
  missing: "text-red-700 dark:text-red-400",
  error: "text-amber-700 dark:text-amber-400",
};

/** Health per record when asked for (?health=1): it queries the DNS server, so not on every view. */
async function healthOf(actor: Actor, zone: string): Promise<{ byId: Map<string, RecordHealth>; problem?: string }> {
  try {
    return { byId: new Map((await checkZoneHealth({ actor, zone })).map((h) => [h.recordId, h])) };
  } catch (err) {
    if (isAppError(err) && err.code === "UNAVAILABLE") return { byId: new Map(), problem: err.message };
    throw err;
  }
}

export default async function ZonePage({
  params,
  searchParams,
}: {
  params: Promise<{ zone: string }>;
  searchParams?: Promise<{ health?: string; q?: string; type?: string }>;
}) {
  const { zone: ref } = await params;
  const query = (await searchParams) ?? {};
  const wantHealth = query.health === "1";
  const actor = await requireActor();
  const name = decodeURIComponent(ref);
  const [zone, records] = await Promise.all([getZone({ actor, zone: name }), listRecords({ actor, zone: name })]).catch(
    (err) => {
      if (isAppError(err) && err.code === "NOT_FOUND") notFound();
      throw err;
    },
  );
  const q = query.q?.trim().toLowerCase() ?? "";
  const shown = records.filter(
    (r) => (!q || r.fqdn.includes(q) || r.value.toLowerCase().includes(q)) && (!query.type || r.type === query.type),
  );
  const [health, repairs, dnssec] = await Promise.all([
    wantHealth ? healthOf(actor, zone.name) : null,
    listZoneRepairs({ actor, zone: zone.id, take: 5 }),
    getDnssec({ actor, zone: zone.id }),
  ]);
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href="/dns" className="underline">
          DNS zones
        </Link>
      </p>
      <h1 className="text-2xl font-semibold" data-testid="zone-name">
        {zone.name}
      </h1>
      <p className="text-sm text-slate-500">
        Serial {zone.serial} · {zone.recordCount} records
        {zone.lastSyncError ? ` · sync failed: ${zone.lastSyncError}` : ""} ·{" "}
        <a href={`/dns/${zone.name}/export`} className="underline">
          Export zone file
        </a>{" "}
        ·{" "}
        <Link href={`/dns/${zone.name}?health=1`} className="underline">
          Check against the DNS server
        </Link>
      </p>
      {health?.problem && (
        <p role="alert" className="text-sm text-amber-700 dark:text-amber-400">
          {health.problem}
        </p>
      )}
      {zone.writable && <RecordForm zone={zone.name} />}
      <form className="flex flex-wrap items-end gap-2 text-sm" aria-label="Filter records">
        <input
          name="q"
          defaultValue={query.q}
          placeholder="Filter by name or value"
          aria-label="Filter by name or value"
          className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
        />
        <select
          name="type"
          defaultValue={query.type ?? ""}
          aria-label="Record type"
          className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
        >
          <option value="">All types</option>
          {["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA"].map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <button className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">Filter</button>
        <span className="text-slate-500">
          {shown.length} of {records.length}
        </span>
      </form>
      {zone.writable && <BulkDelete zone={zone.name} />}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 dark:border-slate-800">
              {zone.writable && (
                <th className="pr-2">
                  <span className="sr-only">Select</span>
                </th>
              )}
              <th className="py-1 pr-4">Name</th>
              <th className="pr-4">Type</th>
              <th className="pr-4">Value</th>
              <th className="pr-4">TTL</th>
              {health && <th className="pr-4">Served</th>}
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => {
              const h = health?.byId.get(r.id);
              return (
                <tr key={r.id} data-testid="record-row" className="border-b border-slate-100 dark:border-slate-900">
                  {zone.writable && (
                    <td className="pr-2">
                      <input
                        type="checkbox"
                        name="ids"
                        value={r.id}
                        form={BULK_FORM_ID}
                        aria-label={`Select ${r.type} ${r.fqdn} ${r.value}`}
                      />
                    </td>
                  )}
                  <td className="py-1 pr-4 font-mono">{r.name}</td>
                  <td className="pr-4">{r.type}</td>
                  <td className="break-all pr-4 font-mono">
                    {[r.priority, r.weight, r.port].filter((n) => n !== null).join(" ")} {r.value}
                  </td>
                  <td className="pr-4">{r.ttl}</td>
                  {health && (
                    <td
                      className={`pr-4 ${h ? HEALTH_STYLE[h.status] : ""}`}
                      data-testid="record-health"
                      title={h?.answers.length ? `served: ${h.answers.join(", ")}` : h?.message}
                    >
                      {h ? h.status : "—"}
                    </td>
                  )}
                  <td>
                    {zone.writable && (
                      <div className="flex flex-wrap items-center gap-2">
                        <EditRecord record={r} zone={zone.name} />
                        <DeleteRecord id={r.id} zone={zone.name} label={`${r.type} ${r.fqdn} ${r.value}`} />
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <section className="text-sm" data-testid="zone-dnssec">
        <h2 className="font-semibold">DNSSEC</h2>
        {dnssec.enabled ? (
          <>
            <p>On: ECDSA P-256 (algorithm 13), key tag {dnssec.keyTag}. Give this DS record to the registrar:</p>
            <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-900" data-testid="zone-ds">
              {dnssec.ds}
            </pre>
          </>
        ) : can(actor, "dns:zone:write") ? (
          <EnableDnssec zone={zone.name} />
        ) : (
          <p className="text-slate-500">Off.</p>
        )}
      </section>
      {repairs.length > 0 && (
        <section className="text-sm" data-testid="zone-repairs">
          <h2 className="font-semibold">Drift repaired</h2>
          <p className="text-slate-500">
            Changes made in the DNS backend behind the console&apos;s back, put back by the reconcile job.
          </p>
          <ul className="list-disc pl-5">
            {repairs.map((r) => (
              <li key={r.id}>
                {r.at.toISOString().replace("T", " ").slice(0, 19)} UTC: rewrote {r.written.length}, removed{" "}
                {r.deleted.length}
                <span className="break-all font-mono text-xs text-slate-500">
                  {" "}
                  {[...r.written, ...r.deleted.map((k) => `− ${k}`)].join(" · ")}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {zone.writable && (
        <details className="text-sm">
          <summary className="cursor-pointer">Import a zone file</summary>
          <ImportForm zone={zone.name} />
        </details>
      )}
    </div>
  );
}
