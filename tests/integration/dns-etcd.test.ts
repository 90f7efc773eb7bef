import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { stepUp } from "../support/step-up";
import { requireService } from "../support/services";
import { db, type Database } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { createZone, deleteZone } from "@/lib/dns/zones";
import { createRecord, deleteRecord } from "@/lib/dns/records";
import { setDnsBackend, syncZone } from "@/lib/dns/sync";
import { EtcdBackend } from "@/lib/dns/backends/etcd";
import { listZoneRepairs, reconcileZones } from "@/lib/dns/reconcile";

// The etcd backend against a real etcd: keys exactly where CoreDNS's etcd plugin looks for them
// (/skydns/<labels reversed>/<record id>, JSON it reads), idempotent syncs, drift repaired.
const ETCD_URL = process.env.ETCD_URL ?? "http://127.0.0.1:2379";

describe("DNS in CoreDNS's etcd layout", () => {
  const run = crypto.randomBytes(4).toString("hex");
  const zone = `et-${run}.test`;
  const base = `/skydns/test/et-${run}`;
  let d: Database | null = null;
  let etcd: EtcdBackend;
  let root: Actor;
  let zoneId = "";
  const ids: Record<string, string> = {};

  const keys = async () => {
    const all = await etcd.client.getAll().prefix(`${base}/`).strings();
    return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, JSON.parse(v) as unknown]));
  };
  const revisions = async () =>
    (await etcd.client.getAll().prefix(`${base}/`).exec()).kvs.map((kv) => `${kv.key.toString()}@${kv.mod_revision}`);

  beforeAll(async () => {
    if (!(await requireService("etcd", ETCD_URL))) return;
    d = await installFreshDatabase("postgres");
    if (!d) return;
    etcd = await EtcdBackend.open(ETCD_URL);
    setDnsBackend(etcd);
    root = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    zoneId = (await createZone({ actor: root, input: { name: zone, nameservers: ["ns1.example.net"] } })).id;
    const add = async (key: string, input: Record<string, unknown>) =>
      (ids[key] = (await createRecord({ actor: root, zone, input })).id);
    await add("www1", { name: "www", type: "A", value: "192.0.2.1", ttl: 300 });
    await add("www2", { name: "www", type: "A", value: "192.0.2.2", ttl: 300 });
    await add("www6", { name: "www", type: "AAAA", value: "2001:db8::1", ttl: 300 });
    await add("mx", { name: "@", type: "MX", value: "mail.example.net", priority: 10 });
    await add("txt", { name: "@", type: "TXT", value: "v=spf1 -all", ttl: 60 });
    await add("srv", { name: "_sip._tcp", type: "SRV", value: `www.${zone}`, priority: 10, weight: 5, port: 5060 });
    await add("cname", { name: "docs", type: "CNAME", value: `www.${zone}` });
    await add("wild", { name: "*.dev", type: "A", value: "192.0.2.77" });
    await add("caa", { name: "@", type: "CAA", value: '0 issue "letsencrypt.org"' });
    await add("subns", { name: "sub", type: "NS", value: "ns.elsewhere.example" });
  });
  afterAll(async () => {
    if (etcd) {
      await etcd.client.delete().prefix(`${base}/`);
      await etcd.close();
    }
    await d?.close();
  });

  const expected = () => {
    const ns = ids.ns!;
    return {
      [`${base}/dns/ns/${ns}`]: { host: "ns1.example.net", ttl: 3600 },
      [`${base}/www/${ids.www1}`]: { host: "192.0.2.1", ttl: 300 },
      [`${base}/www/${ids.www2}`]: { host: "192.0.2.2", ttl: 300 },
      [`${base}/www/${ids.www6}`]: { host: "2001:db8::1", ttl: 300 },
      [`${base}/${ids.mx}`]: { host: "mail.example.net", ttl: 3600, priority: 10, mail: true },
      [`${base}/${ids.txt}`]: { text: "v=spf1 -all", ttl: 60 },
      [`${base}/_tcp/_sip/${ids.srv}`]: { host: `www.${zone}`, ttl: 3600, priority: 10, weight: 5, port: 5060 },
      [`${base}/docs/${ids.cname}`]: { host: `www.${zone}`, ttl: 3600 },
      [`${base}/dev/*/${ids.wild}`]: { host: "192.0.2.77", ttl: 3600 },
      // CAA and a delegation NS have no place in the plugin's layout: zone files only.
    };
  };

  it("writes keys exactly in the etcd plugin's layout", async (context) => {
    if (!d) return context.skip();
    ids.ns = (await db().dnsRecord.findFirstOrThrow({ where: { zoneId, type: "NS", name: "@" } })).id;
    expect(await keys()).toEqual(expected());
  });

  it("a second sync writes and deletes nothing (no key revision moves)", async (context) => {
    if (!d) return context.skip();
    const before = await revisions();
    expect(await syncZone(zoneId)).toEqual({ backend: "etcd", written: [], deleted: [] });
    expect(await revisions()).toEqual(before);
  });

  it("repairs a key changed by hand and removes a stray key, leaving a child zone's keys alone", async (context) => {
    if (!d) return context.skip();
    await createZone({ actor: root, input: { name: `child.${zone}`, nameservers: ["ns1.example.net"] } });
    const childKeys = Object.keys(await etcd.client.getAll().prefix(`${base}/child/`).strings());
    expect(childKeys).toHaveLength(1);
    const www1 = `${base}/www/${ids.www1}`;
    await etcd.client.put(www1).value(JSON.stringify({ host: "203.0.113.66", ttl: 300 }));
    await etcd.client.put(`${base}/rogue/x1`).value(JSON.stringify({ host: "203.0.113.67" }));
    const report = await syncZone(zoneId);
    expect(report.written).toEqual([www1]);
    expect(report.deleted).toEqual([`${base}/rogue/x1`]);
    const after = await keys();
    for (const k of childKeys) expect(after).toHaveProperty([k]);
    for (const k of childKeys) delete after[k];
    expect(after).toEqual(expected());
  });

  it("the reconcile job repairs drift and records what it repaired in the audit log", async (context) => {
    if (!d) return context.skip();
    const www1 = `${base}/www/${ids.www1}`;
    await etcd.client.put(www1).value(JSON.stringify({ host: "203.0.113.99", ttl: 1 }));
    await etcd.client.delete().key(`${base}/${ids.txt}`);
    const first = await reconcileZones();
    expect(first.failed).toEqual([]);
    expect(first.repaired.map((r) => [r.zone, new Set(r.written), r.deleted])).toEqual([
      [zone, new Set([`${base}/${ids.txt}`, www1]), []],
    ]);
    const repairs = await listZoneRepairs({ actor: root, zone });
    expect(repairs[0]).toMatchObject({ written: expect.arrayContaining([www1]), deleted: [] });
    expect(
      await db().auditLog.count({ where: { action: "dns.drift.repaired", userId: "system", resourceId: zoneId } }),
    ).toBe(1);
    const after = await keys();
    expect(after[www1]).toEqual({ host: "192.0.2.1", ttl: 300 });
    expect((await reconcileZones()).repaired).toEqual([]);
  });

  it("a deleted record's key goes; a deleted zone's keys go", async (context) => {
    if (!d) return context.skip();
    await deleteRecord({ actor: root, id: ids.www2! });
    expect(Object.keys(await keys())).not.toContain(`${base}/www/${ids.www2}`);
    await stepUp(root);
    await deleteZone({ actor: root, zone });
    expect(Object.keys(await keys()).every((k) => k.startsWith(`${base}/child/`))).toBe(true);
  });

  it("a large zone is written in transactions of at most 128 operations", async (context) => {
    if (!d) return context.skip();
    const big = await createZone({ actor: root, input: { name: `big-${run}.test`, nameservers: ["ns1.example.net"] } });
    await db().dnsRecord.createMany({
      data: Array.from({ length: 300 }, (_, i) => ({
        zoneId: big.id,
        name: `h${i}`,
        type: "A",
        value: `10.0.${i >> 8}.${i & 255}`,
        ttl: 60,
      })),
    });
    const txns = etcd.txns;
    const report = await syncZone(big.id);
    expect(report.written).toHaveLength(300);
    expect(etcd.txns - txns).toBe(3);
    expect(Object.keys(await etcd.client.getAll().prefix(`/skydns/test/big-${run}/`).keys())).toHaveLength(301);
    await stepUp(root);
    await deleteZone({ actor: root, zone: big.name });
    expect(await etcd.client.getAll().prefix(`/skydns/test/big-${run}/`).keys()).toHaveLength(0);
  });
});
