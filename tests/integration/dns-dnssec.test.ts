import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { IN_CI } from "../support/services";
import { db, type Database } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { createZone } from "@/lib/dns/zones";
import { createRecord } from "@/lib/dns/records";
import { dnsKeysDir, enableDnssec, getDnssec } from "@/lib/dns/dnssec";
import { setDnsBackend } from "@/lib/dns/sync";
import { ZoneFileBackend } from "@/lib/dns/backends/zonefile";

// DNSSEC per zone, checked with BIND's own tools: the DS we show equals dnssec-dsfromkey's, the
// key files sign the zone file with dnssec-signzone and the result verifies (dnssec-verify).
const TOOLS = [
  "/usr/bin/dnssec-dsfromkey",
  "/usr/bin/dnssec-signzone",
  "/usr/bin/dnssec-verify",
  "/usr/bin/named-checkzone",
];

describe("DNSSEC keys for CoreDNS's dnssec plugin", () => {
  const run = crypto.randomBytes(4).toString("hex");
  const zone = `sec-${run}.test`;
  const zoneDir = fs.mkdtempSync(path.join(os.tmpdir(), "snx-dnssec-"));
  let d: Database | null = null;
  let root: Actor, clientAdmin: Actor;
  const sh = (cmd: string, args: string[], cwd = zoneDir) => spawnSync(cmd, args, { encoding: "utf8", cwd });

  beforeAll(async () => {
    if (!TOOLS.every((t) => fs.existsSync(t))) {
      if (IN_CI) throw new Error("bind9-utils (dnssec-*, named-checkzone) is required in CI");
      console.warn("[tests] SKIPPED: bind9-utils not installed");
      return;
    }
    d = await installFreshDatabase("postgres");
    if (!d) return;
    setDnsBackend(new ZoneFileBackend(zoneDir));
    const client = await db().client.create({ data: { name: "Sec", domain: zone, status: "active" } });
    root = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    clientAdmin = await createUserActor({ clients: [{ clientId: client.id, role: "admin" }] });
    await createZone({ actor: root, input: { name: zone, nameservers: ["ns1.example.net"] } });
    await createRecord({ actor: root, zone, input: { name: "www", type: "A", value: "192.0.2.10" } });
    await createRecord({
      actor: root,
      zone,
      input: { name: "@", type: "MX", value: "mail.example.net", priority: 10 },
    });
  });
  afterAll(async () => {
    await d?.close();
    fs.rmSync(zoneDir, { recursive: true, force: true });
  });

  it("only SUPER_ADMIN enables it; the DS shown equals dnssec-dsfromkey's; the private key is sealed in the database", async (context) => {
    if (!d) return context.skip();
    await expect(enableDnssec({ actor: clientAdmin, zone })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await getDnssec({ actor: clientAdmin, zone })).enabled).toBe(false);
    const info = await enableDnssec({ actor: root, zone });
    expect(info.enabled).toBe(true);
    const keyFile = `${info.keyFile}.key`;
    expect(fs.existsSync(keyFile)).toBe(true);
    expect(fs.statSync(`${info.keyFile}.private`).mode & 0o777).toBe(0o600);
    const ds = sh("/usr/bin/dnssec-dsfromkey", ["-2", keyFile]);
    expect(ds.status, ds.stderr).toBe(0);
    expect(ds.stdout.trim().replace(/\s+/g, " ")).toBe(info.ds);
    const row = await db().dnsZone.findUniqueOrThrow({ where: { name: zone } });
    const privateB64 = /PrivateKey: (\S+)/.exec(fs.readFileSync(`${info.keyFile}.private`, "utf8"))![1]!;
    expect(row.dnssecPrivateKey).toMatch(/^v1:/);
    expect(row.dnssecPrivateKey).not.toContain(privateB64);
    expect(row.dnssecKeyTag).toBe(info.keyTag);
    // enabling again keeps the key
    expect((await enableDnssec({ actor: root, zone })).ds).toBe(info.ds);
  });

  it("the key files sign the zone file with dnssec-signzone and the signed zone verifies", async (context) => {
    if (!d) return context.skip();
    // CoreDNS adds the DNSKEY itself when it signs; for BIND's offline signer we $INCLUDE it.
    const { keyFile } = await getDnssec({ actor: root, zone });
    const unsigned = path.join(os.tmpdir(), `unsigned-${run}.zone`);
    fs.writeFileSync(unsigned, fs.readFileSync(path.join(zoneDir, `db.${zone}`), "utf8") + `$INCLUDE ${keyFile}.key\n`);
    const signed = path.join(os.tmpdir(), `signed-${run}.zone`);
    const sign = sh(
      "/usr/bin/dnssec-signzone",
      ["-z", "-K", dnsKeysDir(), "-o", zone, "-f", signed, unsigned, path.basename(keyFile!)],
      dnsKeysDir(),
    );
    expect(sign.status, sign.stderr + sign.stdout).toBe(0);
    const verify = sh("/usr/bin/dnssec-verify", ["-z", "-o", zone, signed]); // -z: one combined signing key, as CoreDNS uses it;
    expect(verify.status, verify.stderr + verify.stdout).toBe(0);
    expect(fs.readFileSync(signed, "utf8")).toMatch(/RRSIG\s+A 13 /);
    expect(sh("/usr/bin/named-checkzone", [zone, signed]).status).toBe(0);
    fs.rmSync(signed, { force: true });
    fs.rmSync(unsigned, { force: true });
  });
});
