// Benchmark (issue 4): import a 5,000-record zone file through the domain (validation, one
// transaction, audit row) and sync it to etcd in CoreDNS's layout; prints total time, etcd
// round trips and the zone-file backend's time for the same zone.
// Run: npx tsx --conditions react-server bench/dns-import.ts   (PostgreSQL and etcd running)
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";

process.env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "snx-bench-"));
const PG = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const ETCD = process.env.ETCD_URL ?? "http://127.0.0.1:2379";
const N = Number(process.env.RECORDS ?? 5000);

function zoneFile(zone: string): string {
  const lines = [`$ORIGIN ${zone}.`, "$TTL 300", "@ NS ns1.example.net."];
  for (let i = 0; lines.length < N + 2; i++) {
    const h = `host${i}`;
    lines.push(`${h} A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    if (i % 5 === 0) lines.push(`${h} AAAA 2001:db8::${i.toString(16)}`);
    if (i % 10 === 0) lines.push(`${h} TXT "v=spf1 ip4:10.0.0.${i & 255} -all"`);
    if (i % 20 === 0) lines.push(`${h} MX 10 mail.example.net.`);
    if (i % 25 === 0) lines.push(`_sip._tcp.${h} SRV 10 5 5060 ${h}`);
    if (i % 15 === 0) lines.push(`alias${i} CNAME ${h}`);
  }
  return lines.slice(0, N + 2).join("\n") + "\n";
}

async function main() {
  const { openPostgres } = await import("../lib/db/connection");
  const { applyMigrations } = await import("../lib/db/migrate");
  const { setDatabase, db } = await import("../lib/db");
  const { makeActor } = await import("../lib/auth/actor");
  const { createZone, deleteZone } = await import("../lib/dns/zones");
  const { importZone } = await import("../lib/dns/import-export");
  const { setDnsBackend, zoneSnapshot } = await import("../lib/dns/sync");
  const { EtcdBackend } = await import("../lib/dns/backends/etcd");
  const { ZoneFileBackend } = await import("../lib/dns/backends/zonefile");

  const name = `snx_bench_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const database = openPostgres(PG.replace(/\/[^/]*$/, `/${name}`));
  await applyMigrations(database);
  setDatabase(database);
  const etcd = await EtcdBackend.open(ETCD);
  setDnsBackend(etcd);
  try {
    const user = await db().user.create({
      data: { username: "bench", email: "bench@example.test", roles: ["SUPER_ADMIN"] },
    });
    const actor = makeActor({
      userId: user.id,
      username: "bench",
      globalRoles: ["SUPER_ADMIN"],
      clientRoles: [],
      via: "system",
    });
    const zone = `bench-${crypto.randomBytes(3).toString("hex")}.test`;
    await createZone({ actor, input: { name: zone, nameservers: ["ns1.example.net"] } });
    const text = zoneFile(zone);
    const txns0 = etcd.txns;
    const t0 = performance.now();
    const result = await importZone({ actor, zone, text });
    const total = performance.now() - t0;
    const importTxns = etcd.txns - txns0;
    const keys = Object.keys(
      await etcd.client
        .getAll()
        .prefix(`/skydns/test/${zone.split(".")[0]}/`)
        .keys(),
    ).length;
    const t1 = performance.now();
    const again = await importZone({ actor, zone, text });
    const reimport = performance.now() - t1;
    // The etcd part alone: empty the zone's keys and sync it again from the database.
    await etcd.client.delete().prefix(`/skydns/test/${zone.split(".")[0]}/`);
    const { syncZone } = await import("../lib/dns/sync");
    const zoneId = (await db().dnsZone.findUniqueOrThrow({ where: { name: zone } })).id;
    const t3 = performance.now();
    await syncZone(zoneId);
    const etcdSyncMs = Math.round(performance.now() - t3);
    const snapshot = (await zoneSnapshot((await db().dnsZone.findUniqueOrThrow({ where: { name: zone } })).id))!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snx-bench-zones-"));
    const t2 = performance.now();
    await new ZoneFileBackend(dir).syncZone(snapshot);
    const zonefile = performance.now() - t2;
    console.log(
      JSON.stringify(
        {
          records: result.added + result.unchanged,
          bytes: Buffer.byteLength(text),
          importMs: Math.round(total),
          // round trips: the transactions + the one range read of the zone's keys
          etcdTransactions: importTxns,
          etcdRoundTrips: importTxns + 1,
          etcdKeys: keys,
          reimportMs: Math.round(reimport),
          etcdFullSyncMs: etcdSyncMs,
          reimportUnchanged: again.unchanged,
          zoneFileWriteMs: Math.round(zonefile),
        },
        null,
        2,
      ),
    );
    await deleteZone({ actor, zone });
    fs.rmSync(dir, { recursive: true, force: true });
  } finally {
    await etcd.close();
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
