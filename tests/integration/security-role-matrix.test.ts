import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { schema } from "@/graphql/schema";
import { OPERATIONS, type Operation } from "@/lib/auth/operations";
import { roleHas, type Permission, type Role } from "@/lib/auth/permissions";
import { resetRateLimiters } from "@/lib/auth/session/rate-limit";
import { sha256 } from "@/lib/auth/tokens/tokens";
import { db, type Database } from "@/lib/db";
import { setDirectory } from "@/lib/directory";
import { ENGINES, installFreshDatabase } from "../support/db";
import { rootFieldsOf } from "../support/doors";
import { removeByPrefix, requireDocker, runPrefix } from "../support/services-fixtures";
import { callOnce, Stream, type Op } from "./tenant-isolation/call";
import { buildWorld, confirmStepUps, mintToken, type Caller, type World } from "./tenant-isolation/world";
import { ACTION_PROBES } from "./role-matrix/action-probes";
import { graphqlProbes } from "./role-matrix/graphql-probes";
import type { Probe, Target } from "./role-matrix/probe";
import { equipCallers, removeRunResources } from "./role-matrix/resources";
import { nextRequest } from "../support/next/headers";

// Issue 10: the role × operation matrix. Every door of lib/auth/operations.ts (each GraphQL root
// field, each server action) is called by a SUPER_ADMIN, a DEVELOPER, A's CLIENT_ADMIN and
// CLIENT_USER (inside the client's scope), B's CLIENT_ADMIN and CLIENT_USER (outside: on A's
// resource), B's CLIENT_ADMIN who is a mere CLIENT_USER of A ("mixed": an admin's rights must
// not carry over), a user with no role and an anonymous caller, and the answer is compared with what
// OPERATIONS × PERMISSIONS say: allowed ⇔ the caller holds the permission and (the role is
// global or the resource is in the caller's client). Any allow the table does not grant is a
// security bug; every one is listed in the last test's message. Denials the table does not
// expect fail too, unless EXPECTED_DENIALS says why. Both database engines; the Docker doors
// (real busybox containers named with this run's prefix, removed afterwards) on PostgreSQL only.

// Server actions read the request through next/headers: they get the caller's token here.
const { seenCodes } = vi.hoisted(() => ({ seenCodes: [] as string[] }));
vi.mock("next/headers", () => import("../support/next/headers"));
vi.mock("next/cache", () => import("../support/next/cache"));
vi.mock("next/navigation", () => import("../support/next/navigation"));
// Actions answer `{ error: message }`; the code of the AppError they caught tells a refusal
// (FORBIDDEN, NOT_FOUND, UNAUTHENTICATED) from bad input.
vi.mock("@/lib/errors", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/errors")>();
  return {
    ...real,
    isAppError: (e: unknown): e is InstanceType<typeof real.AppError> => {
      const yes = real.isAppError(e);
      if (yes) seenCodes.push(e.code);
      return yes;
    },
  };
});

type Who = Caller | "anonymous";
const CALLERS: Who[] = ["super", "dev", "aAdmin", "aUser", "bAdmin", "bUser", "mixed", "none", "anonymous"];
/** The roles each caller holds: global ones, and the one it holds for tenant A or B. */
const HOLDS: Record<Caller, { global: Role[]; a?: Role; b?: Role }> = {
  super: { global: ["SUPER_ADMIN"] },
  dev: { global: ["DEVELOPER"] },
  aAdmin: { global: [], a: "CLIENT_ADMIN" },
  aUser: { global: [], a: "CLIENT_USER" },
  bAdmin: { global: [], b: "CLIENT_ADMIN" },
  bUser: { global: [], b: "CLIENT_USER" },
  mixed: { global: [], a: "CLIENT_USER", b: "CLIENT_ADMIN" },
  none: { global: [] },
};
const DENIALS = ["FORBIDDEN", "NOT_FOUND", "UNAUTHENTICATED"];

/** Doors no caller of this test can pass, and why (the door's own tests cover the allow). */
const EXPECTED_DENIALS: Record<string, string> = {
  "Mutation.confirmStepUpWithPasskey":
    "needs a signature of the caller's own passkey (tests/integration/step-up.test.ts signs one)",
  "action:components/step-up-actions.ts#stepUpPasskeyAction":
    "needs a signature of the caller's own passkey (tests/integration/step-up.test.ts)",
  "action:app/(console)/settings/security/actions.ts#registerPasskeyAction":
    "needs an authenticator's answer to the options' challenge (tests/integration/passkeys.test.ts)",
  "action:app/setup/actions.ts#setupAction":
    "needs the one-time setup link, and only while the installation has no user",
};

/** What the table says: may `caller` pass `op` on `target`? */
function expectedAllow(op: Operation, caller: Who, target: Target): boolean {
  if (op.needs === "public") return true;
  if (caller === "anonymous") return false;
  const h = HOLDS[caller];
  const holds = (p: Permission | "signed-in") =>
    p === "signed-in" || [...h.global, h.a, h.b].some((r) => r !== undefined && roleHas(r, p));
  if (target === "A")
    return (
      op.needs === "signed-in" ||
      h.global.some((r) => roleHas(r, op.needs as Permission)) ||
      (h.a !== undefined && roleHas(h.a, op.needs))
    );
  if (target === "installation" || target === "self") return holds(op.needs);
  return (caller === target && holds(op.needs)) || (op.allWith !== undefined && holds(op.allWith));
}

type Verdict = "allow" | "deny" | "error";
type Outcome = { verdict: Verdict; text: string };
type Finding = { door: string; caller: Who; target: Target; expected: "allow" | "deny"; got: Outcome };

const doors = Object.keys(OPERATIONS);
const probesOf = (door: string): Probe[] =>
  door.startsWith("action:") ? (ACTION_PROBES[door] ?? []) : graphqlProbes(door);
const show = (f: Finding) =>
  `${f.door} as ${f.caller} on ${f.target === "A" ? "A's resource" : f.target === "self" ? "its own" : f.target === "installation" ? "the installation" : `${f.target}'s own`}: table says ${f.expected}, got ${f.got.verdict} — ${f.got.text.slice(0, 300)}`;

describe("role × operation matrix: every door has a way to be called", () => {
  it("each row of lib/auth/operations.ts has a probe on what its scope names, and each probe a row", () => {
    const wanted: Record<Operation["scope"], (t: Target) => boolean> = {
      client: (t) => t === "A",
      installation: (t) => t === "installation",
      own: (t) => t !== "A" && t !== "installation",
    };
    const untried = doors.filter((d) => !probesOf(d).some((p) => wanted[OPERATIONS[d]!.scope](p.target)));
    expect(untried, `doors without a probe in tests/integration/role-matrix/: ${untried.join(", ")}`).toEqual([]);
    const stale = Object.keys(ACTION_PROBES).filter((k) => !(k in OPERATIONS));
    expect(stale, "action probes for doors the table does not have").toEqual([]);
    expect(
      rootFieldsOf(schema).filter((f) => !(f in OPERATIONS)),
      "root fields without a row",
    ).toEqual([]);
  });
});

describe.each(ENGINES)("role × operation matrix on %s", (engine) => {
  const prefix = runPrefix();
  const unexpectedAllows: Finding[] = [];
  let d: (Database & { url?: string }) | null = null;
  let docker = false;
  let w: World;

  beforeAll(async () => {
    process.env.RATE_LIMIT_API_PER_MINUTE = "100000";
    process.env.DNS_SERVER = "127.0.0.1:9";
    (globalThis as { __snxConfig?: unknown }).__snxConfig = undefined;
    resetRateLimiters();
    setDirectory(undefined);
    docker = engine === "postgres" && (await requireDocker());
    d = await installFreshDatabase(engine);
    if (!d) return;
    w = await buildWorld({ docker, prefix });
    await equipCallers(w);
  });
  afterAll(async () => {
    if (docker) {
      await removeByPrefix(prefix);
      await removeRunResources(prefix);
    }
    await d?.close();
    delete process.env.RATE_LIMIT_API_PER_MINUTE;
    delete process.env.DNS_SERVER;
    (globalThis as { __snxConfig?: unknown }).__snxConfig = undefined;
    resetRateLimiters();
  });

  for (const door of doors) {
    // Docker doors run on the PostgreSQL pass only: on PGlite they are not registered at all.
    if (engine !== "postgres" && probesOf(door).every((p) => p.docker)) continue;
    it(
      door,
      async (ctx) => {
        if (!d) return ctx.skip();
        const op = OPERATIONS[door]!;
        const probes = probesOf(door).filter((p) => docker || !p.docker);
        if (probes.length === 0) return ctx.skip(); // a Docker door: PostgreSQL pass only
        const findings: Finding[] = [];
        for (const probe of probes) {
          await liveTokens();
          await confirmStepUps(w);
          const outcomes = door.startsWith("Subscription.")
            ? await streamAll(door, op, probe)
            : await callAll(door, op, probe);
          for (const [caller, got] of outcomes) {
            const expected = expectedAllow(op, caller, probe.target) ? "allow" : "deny";
            if (got.verdict === expected) continue;
            const f: Finding = { door, caller, target: probe.target, expected, got };
            if (got.verdict === "allow") unexpectedAllows.push(f);
            else if (EXPECTED_DENIALS[door]) continue;
            findings.push(f);
          }
        }
        expect(findings.map(show), `${door}: answers the table does not give`).toEqual([]);
      },
      180_000,
    );
  }

  it("0 unexpected allows over every door, role and scope", () => {
    expect(
      unexpectedAllows.map(show),
      "allows that lib/auth/operations.ts × PERMISSIONS do not grant (security bugs)",
    ).toEqual([]);
  });

  /** Queries, mutations and actions: one caller after the other, each with a fresh call. */
  async function callAll(door: string, op: Operation, probe: Probe): Promise<[Who, Outcome][]> {
    const out: [Who, Outcome][] = [];
    for (const caller of CALLERS) {
      if (probe.skipAllowed && expectedAllow(op, caller, probe.target)) continue;
      const as: Caller = caller === "anonymous" ? "none" : caller;
      if (probe.action) out.push([caller, await runAction(probe, caller, as)]);
      else out.push([caller, await runGraphql(probe, caller, as)]);
    }
    return out;
  }

  async function runGraphql(probe: Probe, caller: Who, as: Caller): Promise<Outcome> {
    const op = await probe.graphql!(w, as);
    const a = await callOnce(op, caller === "anonymous" ? "" : w.tokens[caller]);
    return judge(a.codes, a.text, probe.marker?.(w, as), probe.filtered);
  }

  async function runAction(probe: Probe, caller: Who, as: Caller): Promise<Outcome> {
    nextRequest.headers = new Headers({
      "x-forwarded-for": "198.51.100.50",
      ...(caller === "anonymous" ? {} : { authorization: `Bearer ${w.tokens[caller]}` }),
    });
    seenCodes.length = 0;
    try {
      const r = (await probe.action!(w, as)) as { error?: string; ok?: unknown } | undefined;
      const failed = r !== undefined && r !== null && (r.error !== undefined || r.ok === false);
      if (!failed) return { verdict: "allow", text: JSON.stringify(r) ?? "" };
      const code = seenCodes.at(-1);
      return { verdict: code && DENIALS.includes(code) ? "deny" : "error", text: `${code}: ${JSON.stringify(r)}` };
    } catch (err) {
      const e = err as { digest?: string; code?: string; message?: string };
      if (e.digest?.startsWith("NEXT_REDIRECT")) return { verdict: "allow", text: e.digest };
      return {
        verdict: e.code && DENIALS.includes(e.code) ? "deny" : "error",
        text: `${e.code ?? "thrown"}: ${e.message}`,
      };
    }
  }

  /** Subscriptions: every caller's stream open at once; the target's event made to happen until
   *  each caller the table allows has it (or 15 s). */
  async function streamAll(door: string, op: Operation, probe: Probe): Promise<[Who, Outcome][]> {
    const callers = CALLERS.filter((c) => !(probe.skipAllowed && expectedAllow(op, c, probe.target)));
    const streams = new Map<Who, { s: Stream; marker?: string }>();
    try {
      for (const c of callers) {
        const as: Caller = c === "anonymous" ? "none" : c;
        const q: Op = await probe.graphql!(w, as);
        streams.set(c, {
          s: await Stream.open(q, c === "anonymous" ? "" : w.tokens[c]),
          marker: probe.marker?.(w, as),
        });
      }
      await Promise.all([...streams.values()].map(({ s }) => s.read(500)));
      const seen = ({ s, marker }: { s: Stream; marker?: string }) =>
        s.codes.length > 0 || (marker ? s.text.includes(marker) : s.text.includes('"data":{'));
      const done = () => callers.filter((c) => expectedAllow(op, c, probe.target)).every((c) => seen(streams.get(c)!));
      const deadline = Date.now() + 15_000;
      while (!done() && Date.now() < deadline) {
        await probe.trigger?.(w);
        await Promise.all([...streams.values()].map(({ s }) => s.read(1000, done)));
      }
      await Promise.all([...streams.values()].map(({ s }) => s.read(300)));
    } finally {
      for (const { s } of streams.values()) s.close();
    }
    return callers.map((c) => {
      const { s, marker } = streams.get(c)!;
      const text = s.text || "(stream open, nothing sent)";
      if (s.codes.length === 0 && !marker && !s.text.includes('"data":{')) return [c, { verdict: "deny", text }];
      return [c, judge(s.codes, text, marker, probe.filtered || s.codes.length === 0)];
    });
  }

  /** Every caller's token is live (a door may sign its caller out everywhere). */
  async function liveTokens() {
    for (const c of Object.keys(w.tokens) as Caller[]) {
      const row = await db().apiToken.findFirst({
        where: { tokenHash: sha256(w.tokens[c]) },
        select: { revokedAt: true },
      });
      if (!row || row.revokedAt) w.tokens[c] = await mintToken(w.actors[c].userId);
    }
  }
});

/** allow: no error, and the target's marker when the probe has one; deny: refused (FORBIDDEN,
 *  NOT_FOUND, UNAUTHENTICATED) or, for lists and streams, answered without the target's data;
 *  error: anything else (bad input, an engine failure), which the table never expects. */
function judge(codes: (string | undefined)[], text: string, marker: string | undefined, filtered?: boolean): Outcome {
  if (codes.length === 0) {
    if (!marker || text.includes(marker)) return { verdict: "allow", text };
    return { verdict: filtered ? "deny" : "error", text: `answer without the target's data: ${text}` };
  }
  return { verdict: codes.every((c) => DENIALS.includes(c ?? "")) ? "deny" : "error", text };
}
