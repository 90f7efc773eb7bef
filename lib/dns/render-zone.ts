import type { DnsRecordData } from "./validate";
import { quoteTxt, txtStrings } from "./txt";

// RFC 1035 master-file rendering of a zone: what the zone-file backend writes for CoreDNS's
// auto/file plugins, and what an export returns. Output is deterministic (sorted), so an
// unchanged zone renders byte for byte the same and a sync can tell that nothing moved.

export type ZoneSnapshot = {
  id: string;
  name: string;
  serial: number;
  records: (DnsRecordData & { id: string })[];
  /** other zones below this one (their names are delegated away, their etcd keys are not ours) */
  childZones: string[];
};

export const SOA_TIMERS = { refresh: 3600, retry: 600, expire: 1_209_600, minimum: 300 };

function rdata(r: DnsRecordData): string {
  switch (r.type) {
    case "A":
    case "AAAA":
      return r.value;
    case "CNAME":
    case "NS":
      return `${r.value}.`;
    case "MX":
      return `${r.priority} ${r.value}.`;
    case "SRV":
      return `${r.priority} ${r.weight} ${r.port} ${r.value}.`;
    case "TXT":
      return txtStrings(r.value).map(quoteTxt).join(" ");
    case "CAA":
      return r.value;
  }
}

export function renderZoneFile(zone: ZoneSnapshot): string {
  const ns = zone.records
    .filter((r) => r.type === "NS" && r.name === "@")
    .map((r) => r.value)
    .sort();
  // The SOA's primary server is the first apex NS; the domain keeps at least one (see records.ts).
  const mname = ns[0] ?? `ns.${zone.name}`;
  const t = SOA_TIMERS;
  const lines = [
    `; zone ${zone.name}, serial ${zone.serial}: written by SecureNexus Control from its database.`,
    `; Edits here are overwritten on the next sync.`,
    `$ORIGIN ${zone.name}.`,
    `$TTL 3600`,
    `@ 3600 IN SOA ${mname}. hostmaster.${zone.name}. ( ${zone.serial} ${t.refresh} ${t.retry} ${t.expire} ${t.minimum} )`,
  ];
  const sorted = [...zone.records].sort((a, b) =>
    a.name === b.name
      ? a.type === b.type
        ? rdata(a).localeCompare(rdata(b))
        : a.type.localeCompare(b.type)
      : a.name === "@"
        ? -1
        : b.name === "@"
          ? 1
          : a.name.localeCompare(b.name),
  );
  for (const r of sorted) lines.push(`${r.name} ${r.ttl} IN ${r.type} ${rdata(r)}`);
  return lines.join("\n") + "\n";
}
