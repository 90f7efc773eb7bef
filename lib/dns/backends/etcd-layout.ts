import { absoluteName } from "../names";
import type { ZoneSnapshot } from "../render-zone";
import type { DnsRecordData } from "../validate";

// The key/value layout of CoreDNS's etcd plugin (SkyDNS): a name's labels reversed under
// /skydns, one key per value (the record id as the last path element, so a name holds several
// values), the value a JSON "service" as the plugin's msg.Service reads it:
//   A/AAAA/CNAME  {"host": <ip or target>, "ttl"}
//   MX            {"host", "ttl", "priority", "mail": true}
//   SRV           {"host", "ttl", "priority", "weight", "port"}   (name _service._proto)
//   TXT           {"text", "ttl"}                                   (plugin splits at 255 bytes)
//   NS at apex    under <zone>/dns/ns/<id>                           (how the plugin finds NS)
// The plugin has no CAA and no delegation (non-apex NS): those live only in zone files.
export const ROOT = "/skydns";

export function pathOf(fqdn: string): string {
  return `${ROOT}/${fqdn.split(".").reverse().join("/")}`;
}

/** The key prefix that holds a zone's records ("/skydns/com/example/"). */
export function zonePrefix(zone: string): string {
  return `${pathOf(zone)}/`;
}

function service(r: DnsRecordData): Record<string, unknown> | null {
  switch (r.type) {
    case "A":
    case "AAAA":
    case "CNAME":
    case "NS":
      return { host: r.value, ttl: r.ttl };
    case "MX":
      return { host: r.value, ttl: r.ttl, priority: r.priority, mail: true };
    case "SRV":
      return { host: r.value, ttl: r.ttl, priority: r.priority, weight: r.weight, port: r.port };
    case "TXT":
      return { text: r.value, ttl: r.ttl };
    case "CAA":
      return null;
  }
}

/** Desired keys of a zone → their JSON values. */
export function desiredKeys(zone: ZoneSnapshot): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of zone.records) {
    if (r.type === "NS" && r.name !== "@") continue;
    const value = service(r);
    if (!value) continue;
    const key =
      r.type === "NS" ? `${pathOf(zone.name)}/dns/ns/${r.id}` : `${pathOf(absoluteName(r.name, zone.name))}/${r.id}`;
    out.set(key, JSON.stringify(value));
  }
  return out;
}

/** Keys under the zone's prefix that belong to a child zone (synced with that zone). */
export function belongsToChild(key: string, childZones: string[]): boolean {
  return childZones.some((c) => key.startsWith(zonePrefix(c)));
}
