import { describe, expect } from "vitest";
import { servicesTest as it, type ServicesWorld } from "../support/fixtures";
import { createUserActor } from "../support/actors";
import { stepUp } from "../support/step-up";
import { loadActor } from "@/lib/auth/request/load-actor";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { db } from "@/lib/db";
import { createTicker } from "../support/services-fixtures";

// Exec in a real container over GraphQL: arguments arrive literally (no shell between us and
// the engine), exit code and both streams come back, output is capped, a deadline holds, the
// command is in the audit row; client roles are refused, other tenants' containers not found.
describe("execInService", () => {
  let w: ServicesWorld | null = null;
  let prefix: string;
  let devToken: string, adminAToken: string, devId: string;
  let a1: string, b1: string;
  const run = (token: string, id: string, command: string[], timeoutSeconds?: number) =>
    graphqlRequest(
      `mutation($id: ID!, $c: [String!]!, $t: Int) { execInService(id: $id, command: $c, timeoutSeconds: $t) { exitCode stdout stderr durationMs timedOut truncated } }`,
      { token, variables: { id, c: command, t: timeoutSeconds } },
    );

  it.beforeAll(async ({ world }) => {
    if (!(w = world)) return;
    prefix = w.prefix;
    const a = w.alpha;
    const b = w.bravo;
    const dev = await createUserActor({ globalRoles: ["DEVELOPER"] });
    devId = dev.userId;
    devToken = await tokenFor(dev);
    await stepUp(devToken);
    adminAToken = await tokenFor(await createUserActor({ clients: [{ clientId: a.id, role: "admin" }] }));
    a1 = await createTicker(`${prefix}alpha`, { clientId: a.id });
    b1 = await createTicker(`${prefix}bravo`, { clientId: b.id });
  });

  it("passes injection attempts as literal arguments", async ({ skip }) => {
    if (!w) return skip();
    const args = ["$(id)", "; rm -rf /", "`whoami`", "a && b", "line\nbreak", "--help"];
    const res = await run(devToken, a1, ["printf", "[%s]", ...args]);
    expect(res.errors).toBeUndefined();
    expect(res.data?.execInService).toMatchObject({
      exitCode: 0,
      stdout: args.map((a) => `[${a}]`).join(""),
      stderr: "",
      timedOut: false,
      truncated: false,
    });
  });

  it("returns the exit code and both streams, and records the command in the audit log", async ({ skip }) => {
    if (!w) return skip();
    const command = ["sh", "-c", "echo out; echo err >&2; exit 3"];
    const res = await run(devToken, a1, command);
    expect(res.data?.execInService).toMatchObject({ exitCode: 3, stdout: "out\n", stderr: "err\n" });
    const row = await db().auditLog.findFirst({
      where: { action: "service.exec", userId: devId, result: "success" },
      orderBy: { createdAt: "desc" },
    });
    expect(row?.resourceId).toBe(a1);
    expect(row?.details).toMatchObject({ command, exitCode: 3 });
  });

  it("caps output at 64 KiB and stops waiting at the timeout", async ({ skip }) => {
    if (!w) return skip();
    const big = await run(devToken, a1, ["sh", "-c", "yes | head -c 200000"]);
    expect(big.data?.execInService).toMatchObject({ truncated: true });
    expect((big.data?.execInService as { stdout: string }).stdout.length).toBe(64 * 1024);
    const slow = await run(devToken, a1, ["sleep", "10"], 1);
    expect(slow.data?.execInService).toMatchObject({ timedOut: true, exitCode: null });
    expect((slow.data?.execInService as { durationMs: number }).durationMs).toBeLessThan(4000);
  });

  it("a client admin is refused on its own container and does not find another client's; bad input is VALIDATION", async ({
    skip,
  }) => {
    if (!w) return skip();
    expect((await run(adminAToken, a1, ["id"])).codes).toEqual(["FORBIDDEN"]);
    expect((await run(adminAToken, b1, ["id"])).codes).toEqual(["NOT_FOUND"]);
    expect((await run(devToken, a1, [])).codes).toEqual(["VALIDATION"]);
    expect(await db().auditLog.count({ where: { action: "service.exec", result: "denied", resourceId: a1 } })).toBe(1);
  });

  it("the same developer through another token that has not stepped up is asked to; nothing runs", async ({ skip }) => {
    if (!w) return skip();
    const other = await tokenFor((await loadActor(devId, { ip: null, userAgent: null, via: "session" }))!);
    const res = await run(other, b1, ["id"]);
    expect(res.codes).toEqual(["FORBIDDEN"]);
    expect(res.errors?.[0]?.extensions).toMatchObject({ details: { reason: "STEP_UP_REQUIRED" } });
    expect(await db().auditLog.count({ where: { action: "service.exec", result: "denied", resourceId: b1 } })).toBe(1);
    expect(await db().auditLog.count({ where: { action: "service.exec", result: "success", resourceId: b1 } })).toBe(0);
  });
});
