import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { IN_CI } from "../support/services";
import { db, type Database } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { createZone } from "@/lib/dns/zones";
import { exportZone, importZone } from "@/lib/dns/import-export";
import { setDnsBackend } from "@/lib/dns/sync";
import { ZoneFileBackend } from "@/lib/dns/backends/zonefile";

// Bulk import of an RFC 1035 file: all or nothing, re-import changes nothing, export is what is
// served (named-checkzone accepts it), a client's admin imports only into their own zone.
const CHECKZONE = "/usr/bin/named-checkzone";

describe.each(ENGINES)("DNS zone import and export (%s)", (engine) => {
  const run = crypto.randomBytes(4).toString("hex");
  const zone = `im-${run}.test`,
    other = `io-${run}.test`;
  const zoneDir = fs.mkdtempSync(path.join(os.tmpdir(), "snx-dns-import-"));
  let d: Database | null;
  let root: Actor, admin: Actor;
  const FILE = `$ORIGIN ${zone}.
$TTL 300
@ IN SOA ns1.example.net. hostmaster.${zone}. ( 99 3600 600 1209600 300 )
@ NS ns1.example.net.
@ MX 10 mail
mail A 192.0.2.25
www A 192.0.2.10
www A 192.0.2.11
docs CNAME www
@ TXT "v=spf1 mx -all"
_sip._tcp SRV 10 5 5060 www
`;
  const count = () => db().dnsRecord.count({ where: { zone: { name: zone } } });

  beforeAll(async () => {
    d = await installFreshDatabase(engine);
    if (!d) return;
    setDnsBackend(new ZoneFileBackend(zoneDir));
    const client = await db().client.create({ data: { name: "Im", domain: zone, status: "active" } });
    root = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    admin = await createUserActor({ clients: [{ clientId: client.id, role: "admin" }] });
    for (const name of [zone, other])
      await createZone({ actor: root, input: { name, nameservers: ["ns1.example.net"] } });
  });
  afterAll(async () => {
    await d?.close();
    fs.rmSync(zoneDir, { recursive: true, force: true });
  });

  it("imports a file (the existing NS stays as it is); a second import changes nothing", async (context) => {
    if (!d) return context.skip();
    expect(await importZone({ actor: admin, zone, text: FILE })).toEqual({ zone, added: 7, removed: 0, unchanged: 1 });
    expect(await count()).toBe(8);
    const serial = (await db().dnsZone.findUniqueOrThrow({ where: { name: zone } })).serial;
    expect(await importZone({ actor: admin, zone, text: FILE })).toEqual({ zone, added: 0, removed: 0, unchanged: 8 });
    expect(await count()).toBe(8);
    expect((await db().dnsZone.findUniqueOrThrow({ where: { name: zone } })).serial).toBe(serial + 1);
  });

  it("a bad line refuses the whole file and names the line; nothing changes", async (context) => {
    if (!d) return context.skip();
    const bad = FILE + "new A 192.0.2.99\nbroken A 10.0.0.300\n";
    await expect(importZone({ actor: admin, zone, text: bad })).rejects.toThrow(
      /^line 13: value: must be an IPv4 address/,
    );
    await expect(importZone({ actor: admin, zone, text: FILE + "docs A 192.0.2.1\n" })).rejects.toThrow(
      /^line 12: name: docs has a CNAME/,
    );
    expect(await count()).toBe(8);
    expect(await db().dnsRecord.count({ where: { name: "new" } })).toBe(0);
  });

  it("replace removes what the file does not hold; the export passes named-checkzone and parses back", async (context) => {
    if (!d) return context.skip();
    const smaller = FILE.split("\n")
      .filter((l) => !l.startsWith("www A 192.0.2.11"))
      .join("\n");
    expect(await importZone({ actor: admin, zone, text: smaller, replace: true })).toEqual({
      zone,
      added: 0,
      removed: 1,
      unchanged: 7,
    });
    const { text } = await exportZone({ actor: admin, zone });
    expect(text).toContain("www 300 IN A 192.0.2.10");
    expect(text).not.toContain("192.0.2.11");
    if (fs.existsSync(CHECKZONE)) {
      const file = path.join(zoneDir, "export.zone");
      fs.writeFileSync(file, text);
      const check = spawnSync(CHECKZONE, [zone, file], { encoding: "utf8" });
      expect(check.status, check.stdout).toBe(0);
    } else if (IN_CI) throw new Error("named-checkzone (bind9-utils) is required in CI");
    expect(await importZone({ actor: admin, zone, text, replace: true })).toEqual({
      zone,
      added: 0,
      removed: 0,
      unchanged: 7,
    });
  });

  it("a client's admin cannot import into another client's zone", async (context) => {
    if (!d) return context.skip();
    await expect(importZone({ actor: admin, zone: other, text: FILE.replaceAll(zone, other) })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await db().dnsRecord.count({ where: { zone: { name: other } } })).toBe(1);
  });
});
