import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db, type Database } from "@/lib/db";
import { ZoneFileBackend } from "@/lib/dns/backends/zonefile";
import { createRecord, deleteRecords } from "@/lib/dns/records";
import { setDnsBackend } from "@/lib/dns/sync";
import { createZone } from "@/lib/dns/zones";
import { createUserActor } from "../support/actors";
import { ENGINES, installFreshDatabase } from "../support/db";
import { countStatements } from "../support/sql-statements";

// A bulk delete checks the tenant scope of all its records in one query (issue 11 item 2): the
// scope is part of the Prisma `where`, so deleting 20 records costs as many statements as
// deleting 2, and one record of another tenant in the batch refuses the whole batch.
describe.each(ENGINES)("DNS bulk delete statements (%s)", (engine) => {
  const run = crypto.randomBytes(4).toString("hex");
  const alpha = `alpha-${run}.test`,
    bravo = `bravo-${run}.test`;
  let d: Database | null;
  let adminA: Actor;
  let bravoRecord: string;
  const zoneDir = fs.mkdtempSync(path.join(os.tmpdir(), "snx-dns-bulk-"));

  const addRecords = async (actor: Actor, zone: string, count: number, prefix: string) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++)
      ids.push(
        (await createRecord({ actor, zone, input: { name: `${prefix}${i}`, type: "A", value: `192.0.2.${i + 1}` } }))
          .id,
      );
    return ids;
  };

  beforeAll(async () => {
    d = await installFreshDatabase(engine);
    if (!d) return;
    setDnsBackend(new ZoneFileBackend(zoneDir));
    const a = await db().client.create({ data: { name: "Alpha", domain: alpha, status: "active" } });
    const b = await db().client.create({ data: { name: "Bravo", domain: bravo, status: "active" } });
    const root = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    adminA = await createUserActor({ clients: [{ clientId: a.id, role: "admin" }] });
    await createZone({ actor: root, input: { name: alpha, clientId: a.id, nameservers: ["ns1.example.net"] } });
    await createZone({ actor: root, input: { name: bravo, clientId: b.id, nameservers: ["ns1.example.net"] } });
    bravoRecord = (await addRecords(root, bravo, 1, "b"))[0]!;
  });
  afterAll(async () => {
    await d?.close();
    fs.rmSync(zoneDir, { recursive: true, force: true });
  });

  it("deleting 20 records sends as many statements as deleting 2", async (context) => {
    if (!d) return context.skip();
    const two = await addRecords(adminA, alpha, 2, "two");
    const twenty = await addRecords(adminA, alpha, 20, "twenty");
    const small = await countStatements(() => deleteRecords({ actor: adminA, ids: two }));
    const large = await countStatements(() => deleteRecords({ actor: adminA, ids: twenty }));
    expect(small.result).toBe(2);
    expect(large.result).toBe(20);
    expect(large.statements.length, large.statements.join("\n")).toBe(small.statements.length);
    expect(await db().dnsRecord.count({ where: { id: { in: [...two, ...twenty] } } })).toBe(0);
  });

  it("one record of another tenant (or not an id) in the batch: NOT_FOUND for that id, nothing deleted", async (context) => {
    if (!d) return context.skip();
    const mine = await addRecords(adminA, alpha, 3, "mine");
    for (const intruder of [bravoRecord!, "not-an-id"]) {
      await expect(deleteRecords({ actor: adminA, ids: [...mine, intruder] })).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: "Record not found",
      });
      expect(await db().dnsRecord.count({ where: { id: { in: [...mine, bravoRecord!] } } })).toBe(4);
      const denied = await db().auditLog.findFirst({
        where: { userId: adminA.userId, action: "dns.record.bulk_delete" },
        orderBy: { createdAt: "desc" },
      });
      expect(denied).toMatchObject({ result: "denied", resourceId: intruder });
    }
  });
});
