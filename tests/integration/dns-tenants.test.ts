import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { stepUp } from "../support/step-up";
import { db, type Database } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { createZone, deleteZone, listZones } from "@/lib/dns/zones";
import { createRecord, deleteRecord, deleteRecords, listRecords, updateRecord } from "@/lib/dns/records";
import { setDnsBackend } from "@/lib/dns/sync";
import { ZoneFileBackend } from "@/lib/dns/backends/zonefile";

// A client's admins manage records only inside their client's domain; SUPER_ADMIN manages every
// zone; a refused or invalid change leaves every row as it was and is on record in the audit log.
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

describe.each(ENGINES)("DNS tenants (%s)", (engine) => {
  const run = crypto.randomBytes(4).toString("hex");
  const alpha = `alpha-${run}.test`,
    bravo = `bravo-${run}.test`,
    lookalike = `xalpha-${run}.test`;
  let d: Database | null;
  let root: Actor, adminA: Actor, userA: Actor;
  let bravoWww: string, alphaWww: string;
  const zoneDir = fs.mkdtempSync(path.join(os.tmpdir(), "snx-dns-tenants-"));

  /** Everything a refused change must leave as it was. */
  const state = async () => ({
    zones: await db().dnsZone.findMany({ orderBy: { name: "asc" }, select: { name: true, serial: true } }),
    records: await db().dnsRecord.findMany({
      orderBy: { id: "asc" },
      select: { id: true, name: true, type: true, value: true, ttl: true },
    }),
  });
  const auditOf = (actor: Actor, action: string) =>
    db().auditLog.findMany({
      where: { userId: actor.userId, action },
      orderBy: { createdAt: "asc" },
      select: { result: true, resourceId: true },
    });

  beforeAll(async () => {
    d = await installFreshDatabase(engine);
    if (!d) return;
    setDnsBackend(new ZoneFileBackend(zoneDir));
    const a = await db().client.create({ data: { name: "Alpha", domain: alpha, status: "active" } });
    const b = await db().client.create({ data: { name: "Bravo", domain: bravo, status: "active" } });
    root = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    adminA = await createUserActor({
      clients: [
        { clientId: a.id, role: "admin" },
        { clientId: b.id, role: "user" },
      ],
    });
    userA = await createUserActor({ clients: [{ clientId: a.id, role: "user" }] });
    for (const [name, clientId] of [
      [alpha, a.id],
      [`shop.${alpha}`, a.id],
      [bravo, b.id],
      [lookalike, null],
    ] as const) {
      await createZone({ actor: root, input: { name, clientId, nameservers: ["ns1.example.net"] } });
    }
    bravoWww = (
      await createRecord({ actor: root, zone: bravo, input: { name: "www", type: "A", value: "192.0.2.20" } })
    ).id;
    alphaWww = (
      await createRecord({ actor: root, zone: alpha, input: { name: "www", type: "A", value: "192.0.2.10" } })
    ).id;
  });
  afterAll(async () => {
    await d?.close();
    fs.rmSync(zoneDir, { recursive: true, force: true });
  });

  it("lists only the zones of the actor's clients (domain and below, not look-alikes)", async (context) => {
    if (!d) return context.skip();
    expect((await listZones({ actor: adminA })).map((z) => z.name)).toEqual([alpha, bravo, `shop.${alpha}`].sort());
    expect((await listZones({ actor: userA })).map((z) => z.name)).toEqual([alpha, `shop.${alpha}`].sort());
    expect((await listZones({ actor: root })).map((z) => [z.name, z.recordCount])).toContainEqual([lookalike, 1]);
    expect(await codeOf(listRecords({ actor: userA, zone: bravo }))).toBe("NOT_FOUND");
    expect(await codeOf(listRecords({ actor: adminA, zone: lookalike }))).toBe("NOT_FOUND");
  });

  it("a CLIENT_ADMIN of A cannot change B's records (B reachable only as a CLIENT_USER): nothing changes, attempts audited as denied", async (context) => {
    if (!d) return context.skip();
    const before = await state();
    expect(
      await codeOf(
        createRecord({ actor: adminA, zone: bravo, input: { name: "evil", type: "A", value: "192.0.2.66" } }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await codeOf(
        createRecord({ actor: adminA, zone: lookalike, input: { name: "evil", type: "A", value: "192.0.2.66" } }),
      ),
    ).toBe("NOT_FOUND");
    expect(await codeOf(updateRecord({ actor: adminA, id: bravoWww, input: { value: "192.0.2.66" } }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(deleteRecord({ actor: adminA, id: bravoWww }))).toBe("NOT_FOUND");
    expect(await codeOf(deleteRecords({ actor: adminA, ids: [alphaWww, bravoWww] }))).toBe("NOT_FOUND");
    expect(
      await codeOf(createZone({ actor: adminA, input: { name: `new.${alpha}`, nameservers: ["ns1.example.net"] } })),
    ).toBe("FORBIDDEN");
    expect(await codeOf(deleteZone({ actor: adminA, zone: alpha }))).toBe("FORBIDDEN");
    expect(await state()).toEqual(before);
    expect((await auditOf(adminA, "dns.record.create")).map((r) => r.result)).toEqual(["denied", "denied"]);
    expect(await auditOf(adminA, "dns.record.update")).toEqual([{ result: "denied", resourceId: bravoWww }]);
    expect(await auditOf(adminA, "dns.record.delete")).toEqual([{ result: "denied", resourceId: bravoWww }]);
    expect((await auditOf(adminA, "dns.record.bulk_delete")).map((r) => r.result)).toEqual(["denied"]);
    expect((await auditOf(adminA, "dns.zone.create")).map((r) => r.result)).toEqual(["denied"]);
  });

  it("a CLIENT_USER reads but cannot change their own zone", async (context) => {
    if (!d) return context.skip();
    const before = await state();
    expect((await listRecords({ actor: userA, zone: alpha })).map((r) => r.fqdn)).toContain(`www.${alpha}`);
    expect(
      await codeOf(createRecord({ actor: userA, zone: alpha, input: { name: "x", type: "A", value: "192.0.2.1" } })),
    ).toBe("FORBIDDEN");
    expect(await codeOf(deleteRecord({ actor: userA, id: alphaWww }))).toBe("FORBIDDEN");
    expect(await state()).toEqual(before);
    expect((await auditOf(userA, "dns.record.create")).map((r) => r.result)).toEqual(["denied"]);
  });

  it("a CLIENT_ADMIN of A manages records in A's zone and its subdomain zone; each change bumps the serial and is audited", async (context) => {
    if (!d) return context.skip();
    const serial = async (name: string) => (await db().dnsZone.findUniqueOrThrow({ where: { name } })).serial;
    const s0 = await serial(alpha);
    const mx = await createRecord({
      actor: adminA,
      zone: alpha,
      input: { name: "@", type: "MX", value: `mail.${alpha}`, priority: 10, ttl: 300 },
    });
    expect(mx).toMatchObject({ fqdn: alpha, type: "MX", priority: 10, ttl: 300 });
    expect(await serial(alpha)).toBe(s0 + 1);
    const updated = await updateRecord({ actor: adminA, id: alphaWww, input: { value: "192.0.2.11" } });
    expect(updated.value).toBe("192.0.2.11");
    expect(await serial(alpha)).toBe(s0 + 2);
    await createRecord({ actor: adminA, zone: `shop.${alpha}`, input: { name: "@", type: "A", value: "192.0.2.12" } });
    expect(await deleteRecord({ actor: adminA, id: mx.id })).toBe(true);
    expect(await serial(alpha)).toBe(s0 + 3);
    expect((await auditOf(adminA, "dns.record.create")).map((r) => r.result)).toEqual([
      "denied",
      "denied",
      "success",
      "success",
    ]);
    expect(await auditOf(adminA, "dns.record.update")).toContainEqual({ result: "success", resourceId: alphaWww });
    // the served zone file follows
    expect(fs.readFileSync(path.join(zoneDir, `db.${alpha}`), "utf8")).toContain("www 3600 IN A 192.0.2.11");
  });

  it("bad input changes nothing and names the field", async (context) => {
    if (!d) return context.skip();
    const before = await state();
    const bad: [unknown, string][] = [
      [{ name: "www", type: "A", value: "999.0.0.1" }, "value"],
      [{ name: "www", type: "CNAME", value: "elsewhere.example.net" }, "name"], // www has an A record
      [{ name: "www", type: "A", value: "192.0.2.11" }, "value"], // duplicate
      [{ name: "www.example.org.", type: "A", value: "192.0.2.1" }, "name"], // outside the zone
      [{ name: "x", type: "A", value: "192.0.2.1", ttl: 5 }, "ttl"],
    ];
    for (const [input, field] of bad) {
      const err = await createRecord({ actor: adminA, zone: alpha, input }).then(
        () => null,
        (e: unknown) => e as { code: string; details: { fields: Record<string, string> } },
      );
      expect(err?.code).toBe("VALIDATION");
      expect(Object.keys(err?.details.fields ?? {})).toEqual([field]);
    }
    expect(
      await codeOf(
        updateRecord({ actor: adminA, id: alphaWww, input: { type: "CNAME", value: "x.example.net", name: "@" } }),
      ),
    ).toBe("VALIDATION");
    const ns = (await listRecords({ actor: root, zone: bravo })).find((r) => r.type === "NS")!;
    expect(await codeOf(deleteRecord({ actor: root, id: ns.id }))).toBe("VALIDATION"); // last NS at the apex
    expect(await state()).toEqual(before);
    const failures = (await auditOf(adminA, "dns.record.create")).filter((r) => r.result === "failure");
    expect(failures).toHaveLength(bad.length);
  });

  it("SUPER_ADMIN deletes a zone with its records and its zone file", async (context) => {
    if (!d) return context.skip();
    const file = path.join(zoneDir, `db.${lookalike}`);
    expect(fs.existsSync(file)).toBe(true);
    await stepUp(root);
    expect(await deleteZone({ actor: root, zone: lookalike })).toBe(true);
    expect(await db().dnsZone.findUnique({ where: { name: lookalike } })).toBeNull();
    expect(fs.existsSync(file)).toBe(false);
  });
});
