import Link from "next/link";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/current-actor";
import { listRecords } from "@/lib/dns/records";
import { getZone } from "@/lib/dns/zones";
import { isAppError } from "@/lib/errors";
import { DeleteRecord } from "./delete-record";
import { RecordForm } from "./record-form";

export const metadata = { title: "DNS zone" };

export default async function ZonePage({ params }: { params: Promise<{ zone: string }> }) {
  const { zone: ref } = await params;
  const actor = await requireActor();
  const name = decodeURIComponent(ref);
  const [zone, records] = await Promise.all([getZone({ actor, zone: name }), listRecords({ actor, zone: name })]).catch((err) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  const mayWrite = zone.writable;
  return (
    <div className="space-y-4">
      <p className="text-sm"><Link href="/dns" className="underline">DNS zones</Link></p>
      <h1 className="text-2xl font-semibold" data-testid="zone-name">{zone.name}</h1>
      <p className="text-sm text-slate-500">Serial {zone.serial} · {zone.recordCount} records{zone.lastSyncError ? ` · sync failed: ${zone.lastSyncError}` : ""}</p>
      {mayWrite && <RecordForm zone={zone.name} />}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead><tr className="border-b border-slate-200 dark:border-slate-800"><th className="py-1 pr-4">Name</th><th className="pr-4">Type</th><th className="pr-4">Value</th><th className="pr-4">TTL</th><th /></tr></thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.id} data-testid="record-row" className="border-b border-slate-100 dark:border-slate-900">
                <td className="py-1 pr-4 font-mono">{r.name}</td>
                <td className="pr-4">{r.type}</td>
                <td className="break-all pr-4 font-mono">{[r.priority, r.weight, r.port].filter((n) => n !== null).join(" ")} {r.value}</td>
                <td className="pr-4">{r.ttl}</td>
                <td>{mayWrite && <DeleteRecord id={r.id} zone={zone.name} label={`${r.type} ${r.fqdn} ${r.value}`} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
