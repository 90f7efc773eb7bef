import type { ZoneSnapshot } from "../render-zone";

/** What one sync changed in the backend: keys (etcd) or files (zone files) written and removed.
 *  Right after a change these are the change itself; when nothing changed in the database they
 *  are drift that was repaired. */
export type SyncReport = { backend: "etcd" | "zonefile"; written: string[]; deleted: string[] };

/** A place CoreDNS reads records from. Every sync writes the whole desired state of one zone and
 *  removes what should not be there, so running it twice changes nothing the second time. */
export interface DnsBackend {
  readonly kind: SyncReport["backend"];
  syncZone(zone: ZoneSnapshot): Promise<SyncReport>;
  removeZone(name: string, childZones: string[]): Promise<SyncReport>;
  close?(): Promise<void>;
}
