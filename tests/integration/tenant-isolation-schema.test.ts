import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLObjectType } from "graphql";
import { schema } from "@/graphql/schema";
import { resetRateLimiters } from "@/lib/auth/session/rate-limit";
import type { Database } from "@/lib/db";
import { ENGINES, installFreshDatabase } from "../support/db";
import { rawDocker, removeByPrefix, requireDocker, runPrefix } from "../support/services-fixtures";
import { callOnce, Stream, type Answer } from "./tenant-isolation/call";
import { CLIENT_SCOPED, NOT_CLIENT_SCOPED, type Fixture } from "./tenant-isolation/fixtures";
import {
  buildWorld,
  confirmStepUps,
  snapshot,
  type Caller,
  type TenantRole,
  type World,
} from "./tenant-isolation/world";

// Tenant isolation through every door the GraphQL schema has (issue 6 item 5). The list of
// fields comes from the schema itself: a field added without a line in
// tenant-isolation/fixtures.ts fails the first test, naming it. For each client-scoped field,
// B's CLIENT_USER and CLIENT_ADMIN try it on A's resource (refused with FORBIDDEN or NOT_FOUND,
// or, for lists and streams, an answer without A's data; nothing changes), and A's own roles get
// the answer their permissions allow. Docker-backed fields run on PostgreSQL with real busybox
// containers; the rest on both engines.

const ROOTS = {
  Query: schema.getQueryType(),
  Mutation: schema.getMutationType(),
  Subscription: schema.getSubscriptionType(),
};
const rootFields = Object.entries(ROOTS).flatMap(([root, type]) =>
  Object.keys((type as GraphQLObjectType | null)?.getFields() ?? {}).map((f) => `${root}.${f}`),
);
const FOREIGN: Caller[] = ["bUser", "bAdmin"];
const OWN: Record<TenantRole, Caller> = { admin: "aAdmin", user: "aUser" };
const DENIALS = ["FORBIDDEN", "NOT_FOUND"];

describe("tenant isolation: every root field is classified", () => {
  it("each Query, Mutation and Subscription field has a fixture or a reason, and only one", () => {
    const unclassified = rootFields.filter((f) => !(f in CLIENT_SCOPED) && !(f in NOT_CLIENT_SCOPED));
    expect(
      unclassified,
      `fields with neither a fixture (CLIENT_SCOPED) nor a reason (NOT_CLIENT_SCOPED) in tests/integration/tenant-isolation/fixtures.ts: ${unclassified.join(", ")}`,
    ).toEqual([]);
    const both = rootFields.filter((f) => f in CLIENT_SCOPED && f in NOT_CLIENT_SCOPED);
    expect(both, "fields in both tables").toEqual([]);
    const stale = [...Object.keys(CLIENT_SCOPED), ...Object.keys(NOT_CLIENT_SCOPED)].filter(
      (f) => !rootFields.includes(f),
    );
    expect(stale, "entries for fields the schema no longer has").toEqual([]);
  });
});

const refused = (a: Answer) => a.codes.length > 0 && a.codes.every((c) => DENIALS.includes(c ?? ""));

describe.each(ENGINES)("tenant isolation on %s", (engine) => {
  const prefix = runPrefix();
  let d: (Database & { url?: string }) | null = null;
  let w: World;
  const docker = engine === "postgres";

  beforeAll(async () => {
    // One user makes a hundred calls here: lift the per-user API budget for this file.
    process.env.RATE_LIMIT_API_PER_MINUTE = "100000";
    // dnsHealth asks a DNS server; a closed local port answers at once (each record: "error").
    process.env.DNS_SERVER = "127.0.0.1:9";
    (globalThis as { __snxConfig?: unknown }).__snxConfig = undefined;
    resetRateLimiters();
    if (docker && !(await requireDocker())) return;
    d = await installFreshDatabase(engine);
    if (!d) return;
    w = await buildWorld({ docker, prefix });
  });
  afterAll(async () => {
    if (docker) {
      await removeByPrefix(prefix);
      await rawDocker
        .getNetwork(`${prefix}net`)
        .remove()
        .catch(() => undefined);
      await rawDocker
        .getVolume(`${prefix}vol`)
        .remove()
        .catch(() => undefined);
    }
    await d?.close();
    delete process.env.RATE_LIMIT_API_PER_MINUTE;
    delete process.env.DNS_SERVER;
    (globalThis as { __snxConfig?: unknown }).__snxConfig = undefined;
    resetRateLimiters();
  });

  for (const [field, entry] of Object.entries(CLIENT_SCOPED)) {
    const variants = Array.isArray(entry) ? entry : [entry];
    variants.forEach((f, i) => {
      if (f.docker && !docker) return;
      const name = variants.length > 1 ? `${field} (${i + 1})` : field;
      it(
        name,
        async (context) => {
          if (!d) return context.skip();
          await confirmStepUps(w);
          if (field.startsWith("Subscription.")) await checkSubscription(field, f);
          else await checkCall(field, f);
        },
        f.docker ? 180_000 : 60_000,
      ); // container stops wait out their grace period on a loaded engine
    });
  }

  for (const [field, entry] of Object.entries(NOT_CLIENT_SCOPED)) {
    if (!entry.refusedForClientRoles) continue;
    it(`${field} is refused to every client role (${entry.reason})`, async (context) => {
      if (!d) return context.skip();
      await confirmStepUps(w);
      const op = entry.refusedForClientRoles!(w);
      for (const caller of ["aAdmin", "aUser", "bAdmin", "bUser"] as Caller[]) {
        const codes = field.startsWith("Subscription.")
          ? await streamCodes(op, w.tokens[caller])
          : (await callOnce(op, w.tokens[caller])).codes;
        expect(codes, `${field} as ${caller}`).toEqual(["FORBIDDEN"]);
      }
    });
  }

  /** B's attempts (refused or filtered, nothing changed), then A's roles as permissions allow. */
  async function checkCall(field: string, f: Fixture) {
    const mutation = field.startsWith("Mutation.");
    const op = await f.op(w);
    const before = mutation ? await snapshot(w) : null;
    for (const caller of FOREIGN) {
      const a = await callOnce(op, w.tokens[caller]);
      expectForeign(field, caller, f, a);
    }
    if (before) expect(await snapshot(w), `${field}: B's refused attempts changed nothing`).toEqual(before);

    for (const role of ["admin", "user"] as TenantRole[]) {
      const caller = OWN[role];
      const a = await callOnce(mutation ? await f.op(w) : op, w.tokens[caller]);
      if (f.allowed.includes(role)) expectSuccess(field, caller, f, a);
      else
        expect(
          refused(a) || (f.foreign === "filtered" && a.codes.length === 0 && !hasMarker(f, a)),
          `${field} as ${caller} (not permitted): ${a.text}`,
        ).toBe(true);
    }
    if (f.allowed.length === 0 && f.operator) {
      const a = await callOnce(op, w.tokens.super);
      expect(a.codes, `${field} as super: ${a.text.slice(0, 600)}`).toEqual([f.operator]);
      if (before) expect(await snapshot(w), `${field}: the operator's refused call changed nothing`).toEqual(before);
    } else if (f.allowed.length === 0)
      expectSuccess(field, "super", f, await callOnce(mutation ? await f.op(w) : op, w.tokens.super));
  }

  /** B's streams (refused up front, or never carrying A's events) opened beside A's, then A's
   *  events made to happen until every permitted stream of A has one. */
  async function checkSubscription(field: string, f: Fixture) {
    const op = await f.op(w);
    const owners: Caller[] = f.allowed.length ? f.allowed.map((r) => OWN[r]) : ["super"];
    const others: Caller[] = [
      ...FOREIGN,
      ...(["admin", "user"] as TenantRole[]).filter((r) => !f.allowed.includes(r)).map((r) => OWN[r]),
    ];
    const streams = new Map<Caller, Stream>();
    try {
      for (const c of [...others, ...owners]) streams.set(c, await Stream.open(op, w.tokens[c]));
      await Promise.all([...streams.values()].map((s) => s.read(500)));
      const deadline = Date.now() + 15_000;
      const done = () => owners.every((c) => streams.get(c)!.text.includes(f.marker!(w)));
      while (!done() && Date.now() < deadline) {
        await f.trigger?.(w);
        await Promise.all([...streams.values()].map((s) => s.read(1000, done)));
      }
      await Promise.all([...streams.values()].map((s) => s.read(300))); // anything else would have arrived by now
    } finally {
      for (const s of streams.values()) s.close();
    }
    for (const c of owners) {
      const s = streams.get(c)!;
      expect(s.codes, `${field} as ${c}: ${s.text.slice(0, 500)}`).toEqual([]);
      expect(s.text, `${field} as ${c} receives A's event`).toContain(f.marker!(w));
    }
    for (const c of others) {
      const s = streams.get(c)!;
      const answer: Answer = { data: null, codes: s.codes, text: s.text };
      if (FOREIGN.includes(c)) expectForeign(field, c, f, answer);
      else
        expect(
          refused(answer) || (f.foreign === "filtered" && !hasMarker(f, answer)),
          `${field} as ${c} (not permitted): ${s.text}`,
        ).toBe(true);
    }
  }

  function expectForeign(field: string, caller: Caller, f: Fixture, a: Answer) {
    const label = `${field} as ${caller} on A's resource: ${a.text.slice(0, 600) || "(stream open, not refused)"}`;
    if (f.foreign === "refused") expect(refused(a), label).toBe(true);
    else expect(refused(a) || a.codes.length === 0, label).toBe(true);
    expect(hasMarker(f, a), `${label} — holds A's data`).toBe(false);
    for (const s of w.secrets) expect(a.text, `${label} — leaks ${s}`).not.toContain(s);
    if (f.foreignCheck && a.codes.length === 0) f.foreignCheck(a.data, w, caller);
  }

  function expectSuccess(field: string, caller: Caller, f: Fixture, a: Answer) {
    expect(a.codes, `${field} as ${caller}: ${a.text.slice(0, 600)}`).toEqual([]);
    if (f.marker) expect(a.text, `${field} as ${caller} sees A's data`).toContain(f.marker(w));
  }

  const hasMarker = (f: Fixture, a: Answer) => (f.marker ? a.text.includes(f.marker(w)) : false);
});

/** The error codes of a subscription that must be refused (it ends, or says nothing in 2 s). */
async function streamCodes(op: { query: string; variables?: Record<string, unknown> }, token: string) {
  const s = await Stream.open(op, token);
  try {
    await s.read(2000, () => s.codes.length > 0);
  } finally {
    s.close();
  }
  return s.codes;
}
