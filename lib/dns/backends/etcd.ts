import "server-only";
import type { Etcd3, IOperation } from "etcd3";
import type { ZoneSnapshot } from "../render-zone";
import { belongsToChild, desiredKeys, zonePrefix } from "./etcd-layout";
import type { DnsBackend, SyncReport } from "./types";

// etcd refuses transactions of more than --max-txn-ops operations (128 by default): a large zone
// is written in as few transactions of that size as it takes; a small one in exactly one.
const MAX_TXN_OPS = 128;

export class EtcdBackend implements DnsBackend {
  readonly kind = "etcd" as const;
  /** transactions sent, for the benchmark */
  txns = 0;

  private constructor(readonly client: Etcd3) {}

  /** etcd3 loads its gRPC .proto files from its own folder at run time, so it must come from
   *  node_modules, never from a bundle: the import is left to Node (webpackIgnore). */
  static async open(url: string): Promise<EtcdBackend> {
    const { Etcd3: Client } = (await import(/* webpackIgnore: true */ "etcd3")) as typeof import("etcd3");
    return new EtcdBackend(new Client({ hosts: url, dialTimeout: 3000 }));
  }

  private async current(zone: string, childZones: string[]): Promise<Map<string, string>> {
    const all = await this.client.getAll().prefix(zonePrefix(zone)).strings();
    return new Map(Object.entries(all).filter(([k]) => !belongsToChild(k, childZones)));
  }

  private async apply(puts: [string, string][], deletes: string[]): Promise<void> {
    const ops: IOperation[] = [
      ...puts.map(([k, v]) => this.client.put(k).value(v)),
      ...deletes.map((k) => this.client.delete().key(k)),
    ];
    for (let i = 0; i < ops.length; i += MAX_TXN_OPS) {
      // An always-true compare (version > -1): etcd3's builder starts a transaction from one.
      await this.client
        .if("/skydns", "Version", ">", -1)
        .then(...ops.slice(i, i + MAX_TXN_OPS))
        .commit();
      this.txns++;
    }
  }

  async syncZone(zone: ZoneSnapshot): Promise<SyncReport> {
    const want = desiredKeys(zone);
    const have = await this.current(zone.name, zone.childZones);
    const puts = [...want].filter(([k, v]) => have.get(k) !== v);
    const deletes = [...have.keys()].filter((k) => !want.has(k));
    await this.apply(puts, deletes);
    return { backend: this.kind, written: puts.map(([k]) => k), deleted: deletes };
  }

  async removeZone(name: string, childZones: string[]): Promise<SyncReport> {
    const deletes = [...(await this.current(name, childZones)).keys()];
    await this.apply([], deletes);
    return { backend: this.kind, written: [], deleted: deletes };
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
