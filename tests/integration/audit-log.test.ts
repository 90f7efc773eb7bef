import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { listAuditLogs } from "@/lib/audit/list-audit-logs";
import { recordAudit } from "@/lib/audit/record";
import { createApiToken } from "@/lib/auth/tokens/api-tokens";
import { stepUp } from "../support/step-up";
import { db, type Database } from "@/lib/db";

describe.each(ENGINES)("audit log on %s", (engine) => {
  let d: Database | null;
  beforeAll(async () => void (d = await installFreshDatabase(engine)));
  afterAll(async () => d?.close());

  it("writes the audit row of a mutation with secrets redacted, and pages through rows", async (context) => {
    if (!d) return context.skip();
    const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    await stepUp(admin); // a new credential asks for a confirmation (ADR 027)
    const created = await createApiToken({ actor: admin, name: "ci", expiresInDays: 7 });
    expect(created.token).toMatch(/^snx_/);
    const page = await listAuditLogs({ actor: admin, filter: { action: "token.create" } });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      userId: admin.userId,
      action: "token.create",
      resourceType: "api_token",
      resourceId: created.id,
      result: "success",
      ipAddress: "203.0.113.7",
    });
    expect(JSON.stringify(page.items[0]!.details)).not.toContain(created.token);

    for (let i = 0; i < 7; i++)
      await recordAudit({
        userId: admin.userId,
        action: "test.page",
        result: i % 2 ? "failure" : "success",
        details: { i, password: "hunter2" },
      });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const p = await listAuditLogs({ actor: admin, filter: { action: "test.page" }, first: 3, after });
      seen.push(...p.items.map((r) => r.id));
      after = p.hasNextPage ? p.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(7);
    const failures = await listAuditLogs({ actor: admin, filter: { action: "test.*", result: "failure" } });
    expect(failures.items).toHaveLength(3);
    expect(JSON.stringify(failures.items[0]!.details)).toContain("[redacted]");
    expect(JSON.stringify(failures.items[0]!.details)).not.toContain("hunter2");
  });

  it("shows a client user only their own actions", async (context) => {
    if (!d) return context.skip();
    const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const client = await db().client.create({ data: { name: "Acme", domain: `acme-${Date.now()}.test` } });
    const user = await createUserActor({ clients: [{ clientId: client.id, role: "user" }] });
    await recordAudit({ userId: admin.userId, action: "secret.admin.action", result: "success" });
    await recordAudit({ userId: user.userId, action: "own.action", result: "success" });
    const mine = await listAuditLogs({ actor: user });
    expect(mine.items.map((r) => r.action)).toEqual(["own.action"]);
    const asked = await listAuditLogs({ actor: user, filter: { userId: admin.userId } });
    expect(asked.items).toHaveLength(0);
  });

  it("rejects a bad filter with VALIDATION", async (context) => {
    if (!d) return context.skip();
    const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    await expect(listAuditLogs({ actor: admin, filter: { result: "maybe" } })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(listAuditLogs({ actor: admin, first: 0 })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(listAuditLogs({ actor: admin, after: "garbage" })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
