import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { APP_ORIGIN, tokenFor } from "../support/graphql";
import { POST } from "@/app/api/graphql/route";
import { db, type Database } from "@/lib/db";

// executeScriptStream: a script's output reaches the subscriber while the script still runs
// (countdown prints a line every 0.4 s), then the result; one audit row, as executeScript. The
// same refusals as the mutation arrive as the stream's error. Scripts from a test SCRIPTS_DIR.
const FIXTURES = path.resolve("tests/fixtures/scripts");
const SUBSCRIPTION =
  "subscription($n: String!, $a: [String!]) { executeScriptStream(name: $n, args: $a) { stream text result { exitCode stdout stderr timedOut } } }";
type Event = {
  at: number;
  data?: {
    executeScriptStream: {
      stream: string | null;
      text: string | null;
      result: { exitCode: number; stdout: string; stderr: string; timedOut: boolean } | null;
    };
  };
  errors?: { message: string; extensions?: { code?: string; details?: { fields?: Record<string, string> } } }[];
};

async function subscribe(token: string, name: string, args: string[]): Promise<Event[]> {
  const started = Date.now();
  const res = await POST(
    new Request(`${APP_ORIGIN}/api/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: SUBSCRIPTION, variables: { n: name, a: args } }),
    }),
  );
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: Event[] = [];
  let text = "";
  while (true) {
    const { value, done } = await reader.read();
    if (done) return events;
    text += decoder.decode(value, { stream: true });
    const parts = text.split("\n\n");
    text = parts.pop() ?? "";
    for (const p of parts) {
      if (/^event: complete/m.test(p)) return events;
      const line = p.split("\n").find((l) => l.startsWith("data: "));
      if (line) events.push({ at: Date.now() - started, ...(JSON.parse(line.slice(6)) as Omit<Event, "at">) });
    }
  }
}

describe.each(ENGINES)("executeScriptStream (%s)", (engine) => {
  let d: Database | null = null;
  let devToken: string, userToken: string, userId: string;
  const before = process.env.SCRIPTS_DIR;
  const resetConfig = () => ((globalThis as { __snxConfig?: unknown }).__snxConfig = undefined);

  beforeAll(async () => {
    process.env.SCRIPTS_DIR = FIXTURES;
    resetConfig();
    d = await installFreshDatabase(engine);
    if (!d) return;
    const client = await db().client.create({ data: { name: "Alpha Ltd", domain: "alpha.test", status: "active" } });
    devToken = await tokenFor(await createUserActor({ globalRoles: ["DEVELOPER"] }));
    const user = await createUserActor({ clients: [{ clientId: client.id, role: "user" }] });
    userId = user.userId;
    userToken = await tokenFor(user);
  });
  afterAll(async () => {
    if (before === undefined) delete process.env.SCRIPTS_DIR;
    else process.env.SCRIPTS_DIR = before;
    resetConfig();
    await d?.close();
  });

  it("streams stdout and stderr while the script runs, then the result, audited once", async (context) => {
    if (!d) return context.skip();
    const events = await subscribe(devToken, "countdown", ["3", "Apollo 11", "loud"]);
    const out = events.map((e) => e.data?.executeScriptStream);
    const last = out.at(-1)!;
    expect(last.result).toEqual({
      exitCode: 0,
      stdout: "T-3\nT-2\nT-1\nAPOLLO 11 LIFTOFF\n",
      stderr: "almost there\n",
      timedOut: false,
    });
    const chunks = out.slice(0, -1);
    expect(
      chunks
        .filter((c) => c?.stream === "STDOUT")
        .map((c) => c!.text)
        .join(""),
    ).toBe(last.result!.stdout);
    expect(
      chunks
        .filter((c) => c?.stream === "STDERR")
        .map((c) => c!.text)
        .join(""),
    ).toBe("almost there\n");
    // Live: the first line arrived about a second before the script ended (3 × 0.4 s of sleeps).
    const first = events.find((e) => e.data?.executeScriptStream.text?.includes("T-3"))!;
    expect(events.at(-1)!.at - first.at).toBeGreaterThan(800);
    const rows = await db().auditLog.findMany({ where: { action: "script.execute", resourceId: "countdown" } });
    expect(rows.map((r) => [r.result, (r.details as { args: Record<string, string> }).args])).toEqual([
      ["success", { from: "3", label: "Apollo 11", tone: "loud" }],
    ]);
  });

  it("refuses what executeScript refuses: bad arguments by name, client roles as denied", async (context) => {
    if (!d) return context.skip();
    const bad = await subscribe(devToken, "countdown", ["11"]);
    expect(bad).toHaveLength(1);
    expect(bad[0]!.errors?.[0]).toMatchObject({
      message: "from: must be at most 10",
      extensions: { code: "VALIDATION", details: { fields: { from: "must be at most 10" } } },
    });
    const refused = await subscribe(userToken, "countdown", ["3"]);
    expect(refused[0]!.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const denied = await db().auditLog.findMany({ where: { action: "script.execute", userId, result: "denied" } });
    expect(denied).toHaveLength(1);
    expect(await db().auditLog.count({ where: { action: "script.execute", result: "success" } })).toBe(1);
  });
});
