import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { db, type Database } from "@/lib/db";

// Allowlisted scripts (scripts/ops) over GraphQL: injection attempts arrive as literal arguments
// (echo-args prints each one back on its own line) or are refused by the schema; a timeout
// stops the run; output is capped; client roles are refused and recorded as denied.
describe.each(ENGINES)("executeScript (%s)", (engine) => {
  let d: Database | null = null;
  let devToken: string, userToken: string, userId: string, devId: string;
  const run = (token: string, name: string, args?: string[]) =>
    graphqlRequest(
      `mutation($n: String!, $a: [String!]) { executeScript(name: $n, args: $a) { exitCode stdout stderr durationMs timedOut truncated } }`,
      { token, variables: { n: name, a: args } },
    );
  type Result = {
    exitCode: number | null;
    stdout: string;
    stderr: string;
    durationMs: number;
    timedOut: boolean;
    truncated: boolean;
  };

  beforeAll(async () => {
    d = await installFreshDatabase(engine);
    if (!d) return;
    const client = await db().client.create({ data: { name: "Alpha Ltd", domain: "alpha.test", status: "active" } });
    const dev = await createUserActor({ globalRoles: ["DEVELOPER"] });
    devId = dev.userId;
    devToken = await tokenFor(dev);
    const user = await createUserActor({ clients: [{ clientId: client.id, role: "user" }] });
    userId = user.userId;
    userToken = await tokenFor(user);
  });
  afterAll(async () => {
    await d?.close();
  });

  it("passes shell metacharacters through as literal arguments", async (context) => {
    if (!d) return context.skip();
    for (const args of [
      ["; rm -rf /", "$(id)", "a && b"],
      ["`whoami`", "x | cat", "'quoted' \"double\""],
      ["${HOME}", "*", "> /tmp/pwned"],
    ]) {
      const res = await run(devToken, "echo-args", args);
      expect(res.errors).toBeUndefined();
      expect(res.data?.executeScript).toMatchObject({
        exitCode: 0,
        stdout: args.map((a) => `${a}\n`).join(""),
        stderr: "",
        timedOut: false,
      });
    }
  });

  it("refuses newlines and --option smuggling, naming the argument", async (context) => {
    if (!d) return context.skip();
    const nl = await run(devToken, "echo-args", ["ok", "line\nbreak"]);
    expect(nl.codes).toEqual(["VALIDATION"]);
    expect(nl.errors?.[0]?.message).toMatch(/^second:/);
    const opt = await run(devToken, "echo-args", ["--option=evil"]);
    expect(opt.codes).toEqual(["VALIDATION"]);
    expect(opt.errors?.[0]?.message).toMatch(/^first: .*"-"/);
    const df = await run(devToken, "disk-usage", ["--output=source"]);
    expect(df.codes).toEqual(["VALIDATION"]);
  });

  it("checks types, enums, ranges, patterns, required and count", async (context) => {
    if (!d) return context.skip();
    const cases: [string, string[], RegExp][] = [
      ["echo-args", [], /^first: is required/],
      ["echo-args", ["a", "b", "c", "huge"], /^mode: must be one of short, long/],
      ["echo-args", ["a", "b", "c", "short", "11"], /^count: must be at most 10/],
      ["echo-args", ["a", "b", "c", "short", "2x"], /^count: must be a whole number/],
      ["echo-args", ["a", "b", "c", "short", "2", "extra"], /^args: takes at most 5/],
      ["disk-usage", ["relative/path"], /^path: must match/],
    ];
    for (const [name, args, message] of cases) {
      const res = await run(devToken, name, args);
      expect(res.codes, `${name} ${JSON.stringify(args)}`).toEqual(["VALIDATION"]);
      expect(res.errors?.[0]?.message).toMatch(message);
    }
    const good = await run(devToken, "echo-args", ["a", "b", "c", "long", "10"]);
    expect((good.data?.executeScript as Result).stdout).toBe("a\nb\nc\nlong\n10\n");
  });

  it("runs a real script with a path argument", async (context) => {
    if (!d) return context.skip();
    const res = await run(devToken, "disk-usage", ["/"]);
    const r = res.data?.executeScript as Result;
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/Filesystem[\s\S]*\s\/\n$/);
  });

  it("stops a script at its timeout, with its children", async (context) => {
    if (!d) return context.skip();
    // sleep.sh runs `sleep` as a child (no exec): killing only the script would leave it behind.
    const res = await run(devToken, "sleep", ["37"]);
    const r = res.data?.executeScript as Result;
    expect(r).toMatchObject({ exitCode: null, timedOut: true, stdout: "" });
    expect(r.durationMs).toBeGreaterThanOrEqual(2000);
    expect(r.durationMs).toBeLessThan(5000);
    const ps = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    expect(ps.split("\n").filter((l) => l.trim() === "sleep 37")).toEqual([]);
  });

  it("caps each stream at 256 KiB with a [truncated] marker", async (context) => {
    if (!d) return context.skip();
    const res = await run(devToken, "big-output", ["1024"]);
    const r = res.data?.executeScript as Result;
    expect(r).toMatchObject({ exitCode: 0, truncated: true });
    expect(r.stdout).toBe("y".repeat(256 * 1024) + "\n[truncated]");
    const small = (await run(devToken, "big-output", ["4"])).data?.executeScript as Result;
    expect(small).toMatchObject({ truncated: false, stdout: "y".repeat(4096) });
  });

  it("an unknown script is NOT_FOUND", async (context) => {
    if (!d) return context.skip();
    expect((await run(devToken, "rm", ["-rf", "/"])).codes).toEqual(["NOT_FOUND"]);
    expect((await run(devToken, "../echo-args.sh", ["x"])).codes).toEqual(["NOT_FOUND"]);
  });

  it("records each run with its arguments in the audit log", async (context) => {
    if (!d) return context.skip();
    await run(devToken, "echo-args", ["$(id)", "two"]);
    const row = await db().auditLog.findFirst({
      where: { action: "script.execute", userId: devId, resourceId: "echo-args" },
      orderBy: { createdAt: "desc" },
    });
    expect(row).toMatchObject({ result: "success", resourceType: "script" });
    expect(row?.details).toMatchObject({ args: { first: "$(id)", second: "two" }, exitCode: 0 });
  });

  it("a client user is FORBIDDEN, sees no scripts, and the attempt is audited as denied", async (context) => {
    if (!d) return context.skip();
    expect((await run(userToken, "echo-args", ["hi"])).codes).toEqual(["FORBIDDEN"]);
    const row = await db().auditLog.findFirst({ where: { action: "script.execute", userId } });
    expect(row).toMatchObject({ result: "denied", resourceId: "echo-args" });
    expect((await graphqlRequest(`{ scripts { name } }`, { token: userToken })).codes).toEqual(["FORBIDDEN"]);
    const list = await graphqlRequest(`{ scripts { name args { name type required values } } }`, { token: devToken });
    const names = (list.data?.scripts as { name: string }[]).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["disk-usage", "echo-args"]));
  });
});
