import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import { promises as dnsp } from "node:dns";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { IN_CI } from "../support/services";
import { db, type Database } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { createZone } from "@/lib/dns/zones";
import { createRecord, deleteRecord, updateRecord } from "@/lib/dns/records";
import { setDnsBackend, syncZone } from "@/lib/dns/sync";
import { checkZoneHealth } from "@/lib/dns/health";
import { ZoneFileBackend } from "@/lib/dns/backends/zonefile";

// The zone-file backend end to end: records created through the domain land in a file that
// named-checkzone accepts and that a real authoritative server (Debian's bind9) serves; after a
// change and a reload the server answers with the new value.
const NAMED = "/usr/sbin/named";
const CHECKZONE = "/usr/bin/named-checkzone";

function haveBinaries(): boolean {
  if (fs.existsSync(NAMED) && fs.existsSync(CHECKZONE)) return true;
  if (IN_CI)
    throw new Error("bind9 (named) and bind9-utils (named-checkzone) are required in CI (run scripts/services.sh)");
  console.warn("[tests] SKIPPED: named / named-checkzone not installed (apt-get install bind9 bind9-utils)");
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net
      .createServer()
      .once("error", reject)
      .listen(0, "127.0.0.1", () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
  });
}

describe("DNS zone files served by named", () => {
  const run = crypto.randomBytes(4).toString("hex");
  const zone = `zf-${run}.test`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "snx-named-"));
  const zoneDir = path.join(tmp, "zones");
  const file = path.join(zoneDir, `db.${zone}`);
  const longText = "v=spf1 " + "include:_spf.example.net ".repeat(24).trim(); // > 255 bytes: several strings
  let d: Database | null = null;
  let named: ChildProcess | null = null;
  let port = 0;
  let root: Actor;
  let wwwId = "";
  let namedLog = "";

  /** A fresh resolver per question: no answer is served from a cache. */
  const resolver = () => {
    const r = new dnsp.Resolver({ timeout: 1000, tries: 1 });
    r.setServers([`127.0.0.1:${port}`]);
    return r;
  };
  const checkzone = () => spawnSync(CHECKZONE, [zone, file], { encoding: "utf8" });

  async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        const v = await fn();
        if (ok(v)) return v;
        last = v;
      } catch (err) {
        last = err;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`not served in time: ${JSON.stringify(last)}\nnamed said:\n${namedLog}`);
  }

  beforeAll(async () => {
    if (!haveBinaries()) return;
    d = await installFreshDatabase("postgres");
    if (!d) return;
    setDnsBackend(new ZoneFileBackend(zoneDir));
    root = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    await createZone({ actor: root, input: { name: zone, nameservers: [`ns1.${zone}`, "ns2.example.net"] } });
    const add = (input: Record<string, unknown>) => createRecord({ actor: root, zone, input });
    wwwId = (await add({ name: "www", type: "A", value: "192.0.2.10", ttl: 30 })).id;
    await add({ name: "ns1", type: "A", value: "192.0.2.53" });
    await add({ name: "www", type: "AAAA", value: "2001:db8::10" });
    await add({ name: "mail", type: "A", value: "192.0.2.25" });
    await add({ name: "@", type: "MX", value: `mail.${zone}`, priority: 10 });
    await add({ name: "@", type: "MX", value: "backup-mx.example.net", priority: 20 });
    await add({ name: "@", type: "TXT", value: longText });
    await add({ name: "_dmarc", type: "TXT", value: 'v=DMARC1; p=none; note="quoted"' });
    await add({ name: "_sip._tcp", type: "SRV", value: `www.${zone}`, priority: 10, weight: 5, port: 5060 });
    await add({ name: "@", type: "CAA", value: '0 issue "letsencrypt.org"' });
    await add({ name: "docs", type: "CNAME", value: `www.${zone}` });
    await add({ name: "*.dev", type: "A", value: "192.0.2.77" });

    port = await freePort();
    fs.writeFileSync(
      path.join(tmp, "named.conf"),
      `
options {
  directory "${tmp}";
  pid-file "${tmp}/named.pid";
  session-keyfile "${tmp}/session.key";
  managed-keys-directory "${tmp}";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
};
controls { };
zone "${zone}" { type primary; file "${file}"; };
`,
    );
    named = spawn(NAMED, ["-c", path.join(tmp, "named.conf"), "-u", "root", "-g"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    named.stderr?.on("data", (c: Buffer) => (namedLog += c.toString()));
    named.stdout?.on("data", (c: Buffer) => (namedLog += c.toString()));
    await eventually(
      () => resolver().resolveSoa(zone),
      (soa) => soa.nsname === `ns1.${zone}`,
    );
  });

  afterAll(async () => {
    if (named && named.exitCode === null) {
      const exited = new Promise((r) => named!.once("exit", r));
      named.kill("SIGTERM");
      await exited;
    }
    await d?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("writes a zone file named-checkzone accepts, with the zone's serial in its SOA", async (context) => {
    if (!d) return context.skip();
    const { serial } = await db().dnsZone.findUniqueOrThrow({ where: { name: zone } });
    const check = checkzone();
    expect(check.stdout).toContain(`loaded serial ${serial}`);
    expect(check.status).toBe(0);
    expect(fs.readdirSync(zoneDir)).toEqual([`db.${zone}`]); // no temporary file left behind
  });

  it("named serves A, AAAA, MX, TXT (split at 255 bytes), SRV, CAA, CNAME and wildcard records", async (context) => {
    if (!d) return context.skip();
    const r = resolver();
    expect(await r.resolve4(`www.${zone}`)).toEqual(["192.0.2.10"]);
    expect(await r.resolve6(`www.${zone}`)).toEqual(["2001:db8::10"]);
    expect((await r.resolveMx(zone)).sort((a, b) => a.priority - b.priority)).toEqual([
      { exchange: `mail.${zone}`, priority: 10 },
      { exchange: "backup-mx.example.net", priority: 20 },
    ]);
    const txt = await r.resolveTxt(zone);
    expect(txt).toHaveLength(1);
    expect(txt[0]!.length).toBeGreaterThan(1);
    expect(txt[0]!.every((s) => Buffer.byteLength(s) <= 255)).toBe(true);
    expect(txt[0]!.join("")).toBe(longText);
    expect(await r.resolveTxt(`_dmarc.${zone}`)).toEqual([['v=DMARC1; p=none; note="quoted"']]);
    expect(await r.resolveSrv(`_sip._tcp.${zone}`)).toEqual([
      { name: `www.${zone}`, port: 5060, priority: 10, weight: 5 },
    ]);
    expect(await r.resolveCaa(zone)).toEqual([{ critical: 0, issue: "letsencrypt.org" }]);
    expect(await r.resolveCname(`docs.${zone}`)).toEqual([`www.${zone}`]);
    expect(await r.resolve4(`anything.dev.${zone}`)).toEqual(["192.0.2.77"]);
    expect((await r.resolveNs(zone)).sort()).toEqual(["ns2.example.net", `ns1.${zone}`].sort());
  });

  it("after an update and a reload (SIGHUP) named serves the new value; a deleted record is gone", async (context) => {
    if (!d) return context.skip();
    const before = (await db().dnsZone.findUniqueOrThrow({ where: { name: zone } })).serial;
    await updateRecord({ actor: root, id: wwwId, input: { value: "192.0.2.99" } });
    const mail = (await db().dnsRecord.findFirstOrThrow({ where: { name: "mail", type: "A" } })).id;
    await deleteRecord({ actor: root, id: mail });
    const check = checkzone();
    expect(check.stdout).toContain(`loaded serial ${before + 2}`);
    expect(check.status).toBe(0);
    named!.kill("SIGHUP");
    await eventually(
      () => resolver().resolve4(`www.${zone}`),
      (a) => a[0] === "192.0.2.99",
    );
    expect(
      await resolver()
        .resolve4(`mail.${zone}`)
        .catch((e: { code: string }) => e.code),
    ).toBe("ENOTFOUND");
  });

  it("syncing again changes nothing; a hand edit of the file is repaired", async (context) => {
    if (!d) return context.skip();
    const { id } = await db().dnsZone.findUniqueOrThrow({ where: { name: zone } });
    expect((await syncZone(id)).written).toEqual([]);
    const good = fs.readFileSync(file, "utf8");
    fs.appendFileSync(file, "rogue 60 IN A 203.0.113.66\n");
    expect((await syncZone(id)).written).toEqual([file]);
    expect(fs.readFileSync(file, "utf8")).toBe(good);
  });

  it("health: every record is ok against named; a value the server does not serve is a mismatch, an unserved name missing", async (context) => {
    if (!d) return context.skip();
    const server = `127.0.0.1:${port}`;
    const health = await checkZoneHealth({ actor: root, zone, server });
    expect(health.length).toBeGreaterThan(10);
    expect(health.filter((h) => h.status !== "ok")).toEqual([]);
    // The database moves ahead of what is served (no sync): the check says so per record.
    await db().dnsRecord.update({ where: { id: wwwId }, data: { value: "192.0.2.98" } });
    const { id: zoneId } = await db().dnsZone.findUniqueOrThrow({ where: { name: zone } });
    const ghost = await db().dnsRecord.create({
      data: { zoneId, name: "ghost", type: "A", value: "192.0.2.5", ttl: 60 },
    });
    const after = await checkZoneHealth({ actor: root, zone, server });
    expect(after.find((h) => h.recordId === wwwId)).toMatchObject({
      status: "mismatch",
      expected: "192.0.2.98",
      answers: ["192.0.2.99"],
    });
    expect(after.find((h) => h.recordId === ghost.id)).toMatchObject({ status: "missing" });
    expect(after.filter((h) => h.status !== "ok")).toHaveLength(2);
  });
});
