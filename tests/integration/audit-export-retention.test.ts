import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { auditFilterFromParams, exportAuditLogs } from "@/lib/audit/export";
import { recordAudit } from "@/lib/audit/record";
import { AUDIT_RETENTION_JOB, auditRetentionJob } from "@/lib/audit/retention";
import { createApiToken } from "@/lib/auth/tokens/api-tokens";
import { stepUp } from "../support/step-up";
import { db, type Database } from "@/lib/db";
import { createJobRunner, enqueueJob, registerJobHandler } from "@/lib/jobs";
import { GET as exportRoute } from "@/app/api/audit/export/route";

const DAY = 86_400_000;

/** A strict RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && cell === "") quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else if (ch === '"' || ch === "\n" || ch === "\r") throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
    else cell += ch;
  }
  if (cell || row.length) throw new Error("last line does not end with CRLF");
  return rows;
}

const lastAudit = (action: string, userId?: string) =>
  db().auditLog.findFirstOrThrow({ where: { action, userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });

describe.each(ENGINES)("audit export and retention on %s", (engine) => {
  let d: Database | null;
  beforeAll(async () => void (d = await installFreshDatabase(engine)));
  afterAll(async () => d?.close());

  it("retention deletes only rows older than AUDIT_RETENTION_DAYS, in batches, and audits itself", async (context) => {
    if (!d) return context.skip();
    const ago = (days: number) => new Date(Date.now() - days * DAY);
    for (const days of [400, 380, 366, 366.5, 364, 10, 0]) {
      await db().auditLog.create({
        data: { userId: "u-ret", action: "test.retention", result: "success", details: { days }, createdAt: ago(days) },
      });
    }
    registerJobHandler(AUDIT_RETENTION_JOB, auditRetentionJob);
    const { id } = await enqueueJob({ type: AUDIT_RETENTION_JOB, payload: { batchSize: 2 } }); // days from config: 365
    expect(await createJobRunner({ schedules: false }).runOnce()).toBe(1);

    const left = await db().auditLog.findMany({ where: { action: "test.retention" }, select: { details: true } });
    expect(left.map((r) => (r.details as { days: number }).days).sort((a, b) => a - b)).toEqual([0, 10, 364]);
    const job = await db().job.findUniqueOrThrow({ where: { id } });
    expect(job).toMatchObject({ status: "succeeded", progress: { deleted: 4 } });
    const row = await lastAudit("audit.retention");
    expect(row).toMatchObject({
      userId: "system",
      result: "success",
      resourceType: "audit_log",
      details: { deleted: 4, retentionDays: 365 },
    });
  });

  it("exports CSV that quotes commas, quotes and newlines and defuses formula cells", async (context) => {
    if (!d) return context.skip();
    const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const tricky = 'say "hi", then\nbye';
    await recordAudit({
      userId: admin.userId,
      action: "test.csv",
      resourceType: "client",
      resourceId: tricky,
      userAgent: "=cmd|' /C calc'!A0",
      result: "success",
      details: { note: "a,b" },
    });
    await recordAudit({
      userId: admin.userId,
      action: "test.csv",
      resourceId: "@SUM(A1)",
      userAgent: "+1-2",
      result: "failure",
    });

    const out = await exportAuditLogs({ actor: admin, format: "csv", filter: { action: "test.csv" } });
    expect(out.filename).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await new Response(out.body).text();
    expect(text).toContain('"say ""hi"", then\nbye"');
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([
      "time",
      "user_id",
      "user",
      "action",
      "resource_type",
      "resource_id",
      "result",
      "ip_address",
      "user_agent",
      "details",
    ]);
    expect(rows).toHaveLength(2);
    const [older, newer] = [rows[1]!, rows[0]!];
    expect(older.slice(1, 9)).toEqual([
      admin.userId,
      admin.username,
      "test.csv",
      "client",
      tricky,
      "success",
      "",
      "'=cmd|' /C calc'!A0",
    ]);
    expect(JSON.parse(older[9]!)).toEqual({ note: "a,b" });
    expect(newer[5]).toBe("'@SUM(A1)");
    expect(newer[8]).toBe("'+1-2");
    expect(rows.flat().some((c) => /^[=+\-@]/.test(c))).toBe(false);

    const audit = await lastAudit("audit.export", admin.userId);
    expect(audit).toMatchObject({
      result: "success",
      details: { format: "csv", rows: 2, filter: { action: "test.csv" } },
    });
  });

  it("exports a JSON array and applies the filters", async (context) => {
    if (!d) return context.skip();
    const admin = await createUserActor({ globalRoles: ["DEVELOPER"] });
    await recordAudit({ userId: admin.userId, action: "test.json.a", result: "success", details: { n: 1 } });
    await recordAudit({ userId: admin.userId, action: "test.json.b", result: "denied" });
    await recordAudit({ userId: admin.userId, action: "other.json", result: "success" });
    const filter = auditFilterFromParams(new URLSearchParams("action=test.json.*&result=&userId=" + admin.userId));
    expect(filter).toEqual({ action: "test.json.*", userId: admin.userId });
    // datetime-local fields are UTC; an unreadable one is named in the error
    expect(auditFilterFromParams(new URLSearchParams("from=2026-01-02T03:04&to=2026-02-01T00:00:00Z"))).toEqual({
      from: "2026-01-02T03:04Z",
      to: "2026-02-01T00:00:00Z",
    });
    expect(() => auditFilterFromParams(new URLSearchParams("to=garbage"))).toThrow(
      'To: "garbage" is not a date and time',
    );
    const out = await exportAuditLogs({ actor: admin, format: "json", filter });
    const rows = JSON.parse(await new Response(out.body).text()) as { action: string; user: string; result: string }[];
    expect(rows.map((r) => r.action)).toEqual(["test.json.b", "test.json.a"]);
    expect(rows[0]).toMatchObject({ user: admin.username, result: "denied" });

    const none = await exportAuditLogs({ actor: admin, format: "json", filter: { action: "nothing.here" } });
    expect(JSON.parse(await new Response(none.body).text())).toEqual([]);
  });

  it("gives a client admin only their own rows", async (context) => {
    if (!d) return context.skip();
    const client = await db().client.create({ data: { name: "Acme", domain: `acme-${engine}-${Date.now()}.test` } });
    const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const clientAdmin = await createUserActor({ clients: [{ clientId: client.id, role: "admin" }] });
    await recordAudit({ userId: admin.userId, action: "test.scope.admin", result: "success" });
    await recordAudit({ userId: clientAdmin.userId, action: "test.scope.own", result: "success" });
    const out = await exportAuditLogs({ actor: clientAdmin, format: "json", filter: { userId: admin.userId } });
    expect(JSON.parse(await new Response(out.body).text())).toEqual([]);
    const all = await exportAuditLogs({ actor: clientAdmin, format: "json" });
    const rows = JSON.parse(await new Response(all.body).text()) as { userId: string; action: string }[];
    // their own rows only: the action, and the audit row of the export they just made
    expect(rows.map((r) => r.action)).toEqual(["audit.export", "test.scope.own"]);
    expect(rows.every((r) => r.userId === clientAdmin.userId)).toBe(true);
  });

  it("refuses a client user (no audit:export) and records the denial", async (context) => {
    if (!d) return context.skip();
    const client = await db().client.create({ data: { name: "Beta", domain: `beta-${engine}-${Date.now()}.test` } });
    const user = await createUserActor({ clients: [{ clientId: client.id, role: "user" }] });
    await expect(exportAuditLogs({ actor: user, format: "csv" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await lastAudit("audit.export", user.userId)).toMatchObject({ result: "denied", ipAddress: "203.0.113.7" });
  });

  it("rejects a bad format or filter before streaming", async (context) => {
    if (!d) return context.skip();
    const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    await expect(exportAuditLogs({ actor: admin, format: "xlsx" })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(exportAuditLogs({ actor: admin, filter: { from: "not a date" } })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });

  it("serves the download over HTTP with a bearer token, and 403 without the permission", async (context) => {
    if (!d) return context.skip();
    const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    await recordAudit({ userId: admin.userId, action: "test.http", result: "success" });
    await stepUp(admin); // a new credential asks for a confirmation (ADR 027)
    const { token } = await createApiToken({ actor: admin, name: "export" });
    const res = await exportRoute(
      new Request("http://localhost/api/audit/export?format=csv&action=test.http", {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(
      parseCsv(await res.text())
        .slice(1)
        .map((r) => r[3]),
    ).toEqual(["test.http"]);

    const client = await db().client.create({ data: { name: "Gamma", domain: `gamma-${engine}-${Date.now()}.test` } });
    const user = await createUserActor({ clients: [{ clientId: client.id, role: "user" }] });
    await stepUp(user);
    const userToken = (await createApiToken({ actor: user, name: "export" })).token;
    const denied = await exportRoute(
      new Request("http://localhost/api/audit/export?format=json", {
        headers: { authorization: `Bearer ${userToken}` },
      }),
    );
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { code: "FORBIDDEN" } });

    const bad = await exportRoute(
      new Request("http://localhost/api/audit/export?from=yesterday", {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: "VALIDATION", message: 'From: "yesterday" is not a date and time' },
    });
    const badToken = await exportRoute(
      new Request("http://localhost/api/audit/export", { headers: { authorization: "Bearer snx_nope" } }),
    );
    expect(badToken.status).toBe(401);
  });
});
