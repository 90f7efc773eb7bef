import Link from "next/link";
import { can } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/request/current-actor";
import { listZones, type DnsZoneRow } from "@/lib/dns/zones";
import { ZoneForm } from "./zone-form";

export const metadata = { title: "DNS" };

function syncStatus(z: DnsZoneRow) {
  if (z.lastSyncError)
    return (
      <span className="text-red-700 dark:text-red-400" title={z.lastSyncError}>
        sync failed: {z.lastSyncError}
      </span>
    );
  if (z.lastSyncedAt) return <span>synced {z.lastSyncedAt.toISOString().replace("T", " ").slice(0, 19)} UTC</span>;
  return <span className="text-slate-500">not synced yet</span>;
}

export default async function DnsPage() {
  const actor = await requireActor();
  const zones = await listZones({ actor });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">DNS zones</h1>
      {can(actor, "dns:zone:write") && <ZoneForm />}
      {zones.length === 0 ? (
        <p data-testid="dns-empty">No zones you can see yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-200 dark:border-slate-800">
                <th className="py-1 pr-4">Zone</th>
                <th className="pr-4">Records</th>
                <th className="pr-4">Serial</th>
                <th>Serving</th>
              </tr>
            </thead>
            <tbody>
              {zones.map((z) => (
                <tr key={z.id} data-testid="zone-row" className="border-b border-slate-100 dark:border-slate-900">
                  <td className="py-1 pr-4">
                    <Link href={`/dns/${z.name}`} className="font-medium underline">
                      {z.name}
                    </Link>
                  </td>
                  <td className="pr-4">{z.recordCount}</td>
                  <td className="pr-4">{z.serial}</td>
                  <td>{syncStatus(z)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
