import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { APP_ORIGIN, tokenFor } from "../support/graphql";
import { Stream } from "./tenant-isolation/call";
import { rawDocker, requireDocker, TEST_IMAGE, TICK } from "../support/services-fixtures";
import { POST } from "@/app/api/graphql/route";
import { subscribeSse } from "@/app/(console)/services/graphql-sse";
import { signAccessToken } from "@/lib/auth/tokens/access-jwt";
import type { Actor } from "@/lib/auth/actor";
import { revokeMySession } from "@/lib/auth/session/sessions-admin";
import { openSession } from "@/lib/auth/session/sessions";
import { removeClientUser } from "@/lib/clients/client-users";
import { db, type Database } from "@/lib/db";
import { safeCreateContainer } from "@/lib/docker/safe-create";
import { events } from "@/lib/events";
import { updateUser } from "@/lib/users/manage-users";

// Issue 10, item 8: an open live stream (SSE subscription) must not outlive the rights it was
// opened with. A CLIENT_ADMIN of Alpha (with a real, labelled busybox container) follows its
// log (logStream) and its status (serviceStatusChanged) through the real GraphQL route; then the
// account is deactivated, or the session revoked, or the membership removed. Each stream must
// end with a final error the browser can read (UNAUTHENTICATED / FORBIDDEN) — at once when the
// change is announced on the bus, and at the next periodic re-check when it is not. Every stream
// also ends after its maximum lifetime, and the browser's SSE helper reconnects by itself.

const RUN = `sec-streams-${crypto.randomBytes(4).toString("hex")}`;
const LOGS = (id: string) => ({
  query: "subscription($id: ID!) { logStream(serviceId: $id, tail: 1) { serviceId message } }",
  variables: { id },
});
const STATUS = { query: "subscription { serviceStatusChanged { id status } }" };
const resetConfig = () => ((globalThis as { __snxConfig?: unknown }).__snxConfig = undefined);
const ENV = ["SUBSCRIPTION_RECHECK_SECONDS", "SUBSCRIPTION_MAX_LIFETIME_SECONDS"] as const;
const savedEnv = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
function setStreamConfig(recheck: number, lifetime: number) {
  process.env.SUBSCRIPTION_RECHECK_SECONDS = String(recheck);
  process.env.SUBSCRIPTION_MAX_LIFETIME_SECONDS = String(lifetime);
  resetConfig();
}

/** The errors of the stream's last `next` event (the final error, when the server closed it). */
function finalError(
  s: Stream,
): { message: string; extensions?: { code?: string; details?: Record<string, unknown> } } | undefined {
  const last = s.text
    .split("\n\n")
    .filter((e) => e.startsWith("event: next"))
    .at(-1);
  const data = last?.split("\n").find((l) => l.startsWith("data: "));
  return data ? (JSON.parse(data.slice(6)) as { errors?: ReturnType<typeof finalError>[] }).errors?.[0] : undefined;
}

let dockerOk = false;
beforeAll(async () => {
  dockerOk = await requireDocker();
});
afterAll(async () => {
  for (const k of ENV) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  resetConfig();
  // only the containers this run created (its own label)
  const mine = await rawDocker
    .listContainers({ all: true, filters: { label: [`securenexus.test=${RUN}`] } })
    .catch(() => []);
  await Promise.all(
    mine.map((c) =>
      rawDocker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
});

describe.each(ENGINES)("open streams lose their rights (%s)", (engine) => {
  let d: Database | null = null;
  let alpha: { id: string };
  let service: string;
  let superAdmin: Actor;

  beforeAll(async () => {
    if (!dockerOk) return;
    d = await installFreshDatabase(engine);
    if (!d) return;
    alpha = await db().client.create({ data: { name: "Alpha Ltd", domain: "alpha.test", status: "active" } });
    superAdmin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const ref = await safeCreateContainer({
      clientId: alpha.id,
      serviceType: "website",
      spec: { name: `${RUN}-${engine}-alpha`, Image: TEST_IMAGE, Cmd: TICK, Labels: { "securenexus.test": RUN } },
    });
    service = ref.containerId;
    await rawDocker.getContainer(service).start();
  });
  afterAll(async () => d?.close());

  const clientAdmin = () => createUserActor({ clients: [{ clientId: alpha.id, role: "admin" }] });

  /** Opens logStream and serviceStatusChanged and waits until both deliver Alpha's service. */
  async function openBoth(token: string) {
    const logs = await Stream.open(LOGS(service), token);
    const status = await Stream.open(STATUS, token);
    await logs.read(8000, () => logs.text.includes('"message":"tick"'));
    // The status stream subscribes asynchronously: publish until Alpha's service arrives.
    const deadline = Date.now() + 8000;
    while (!status.text.includes(service) && Date.now() < deadline) {
      await events().publish("service.status", { serviceId: service, clientId: alpha.id, status: "RUNNING" });
      await status.read(300, () => status.text.includes(service));
    }
    expect(logs.text).toContain('"message":"tick"');
    expect(status.text).toContain(service);
    expect([logs.ended, status.ended]).toEqual([false, false]);
    return [logs, status];
  }

  /** Reads every stream until it ends (or `ms` pass); the milliseconds that took. */
  async function untilEnded(streams: Stream[], ms: number) {
    const started = Date.now();
    // keep Alpha's status events coming, so the status stream has something it must NOT deliver
    const pump = setInterval(
      () => void events().publish("service.status", { serviceId: service, clientId: alpha.id, status: "RUNNING" }),
      200,
    );
    try {
      await Promise.all(streams.map((s) => s.read(ms)));
    } finally {
      clearInterval(pump);
    }
    for (const s of streams) s.close();
    return Date.now() - started;
  }

  it("deactivating the account ends both streams with UNAUTHENTICATED at once", async (ctx) => {
    if (!d) return ctx.skip();
    setStreamConfig(30, 3600); // the periodic re-check is far: only the announcement can close it in time
    const admin = await clientAdmin();
    const streams = await openBoth(await tokenFor(admin));
    await updateUser({ actor: superAdmin, id: admin.userId, input: { isActive: false } });
    const took = await untilEnded(streams, 10_000);
    for (const s of streams) {
      expect(s.ended).toBe(true);
      expect(finalError(s)?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(s.text.trimEnd().endsWith("event: complete\ndata:")).toBe(true);
    }
    expect(took).toBeLessThan(5000);
  });

  it("revoking the session (device) the streams were opened with ends them with UNAUTHENTICATED", async (ctx) => {
    if (!d) return ctx.skip();
    setStreamConfig(30, 3600);
    const admin = await clientAdmin();
    const { id: sessionId } = await openSession(admin.userId, { ip: null, userAgent: "vitest" });
    const streams = await openBoth(await signAccessToken(admin, sessionId)); // access JWT of that device
    // signed out from another device of the same user ("Where am I signed in")
    await revokeMySession({ actor: admin, id: sessionId });
    const took = await untilEnded(streams, 10_000);
    for (const s of streams) {
      expect(s.ended).toBe(true);
      expect(finalError(s)?.extensions?.code).toBe("UNAUTHENTICATED");
    }
    expect(took).toBeLessThan(5000);
  });

  it("removing the client membership ends them with FORBIDDEN", async (ctx) => {
    if (!d) return ctx.skip();
    setStreamConfig(30, 3600);
    const admin = await clientAdmin();
    const streams = await openBoth(await tokenFor(admin));
    await removeClientUser({ actor: superAdmin, clientId: alpha.id, userId: admin.userId });
    const took = await untilEnded(streams, 10_000);
    for (const s of streams) {
      expect(s.ended).toBe(true);
      expect(finalError(s)?.extensions?.code).toBe("FORBIDDEN");
      expect(finalError(s)?.message).toMatch(/no longer have access/);
    }
    expect(took).toBeLessThan(5000);
  });

  it("a change nobody announced (made in the database directly) ends them at the next periodic re-check", async (ctx) => {
    if (!d) return ctx.skip();
    setStreamConfig(1, 3600);
    const admin = await clientAdmin();
    const streams = await openBoth(await tokenFor(admin));
    await db().user.update({ where: { id: admin.userId }, data: { isActive: false } });
    const took = await untilEnded(streams, 10_000);
    for (const s of streams) {
      expect(s.ended).toBe(true);
      expect(finalError(s)?.extensions?.code).toBe("UNAUTHENTICATED");
    }
    expect(took).toBeLessThan(4000);
  });

  it("every stream ends after its maximum lifetime with a reconnect marker; the rights it still has are untouched", async (ctx) => {
    if (!d) return ctx.skip();
    setStreamConfig(30, 2);
    const admin = await clientAdmin();
    const opened = Date.now();
    const streams = await openBoth(await tokenFor(admin));
    await untilEnded(streams, 6000);
    for (const s of streams) {
      expect(s.ended).toBe(true);
      expect(finalError(s)?.extensions).toEqual({ code: "UNAVAILABLE", details: { reconnect: true } });
    }
    expect(Date.now() - opened).toBeLessThan(4000);
  });

  it("the browser's SSE helper reconnects after the lifetime close, without reporting an error", async (ctx) => {
    if (!d) return ctx.skip();
    setStreamConfig(30, 1);
    const token = await tokenFor(await clientAdmin());
    const realFetch = globalThis.fetch;
    let connections = 0;
    // The helper fetches /api/graphql as the browser does; here that reaches the real route handler.
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      connections++;
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${token}`);
      return POST(new Request(new URL(url, APP_ORIGIN), { ...init, headers }));
    }) as typeof fetch;
    const abort = new AbortController();
    const lines: string[] = [];
    const errors: string[] = [];
    try {
      const done = subscribeSse<{ logStream: { message: string } }>(
        LOGS(service).query,
        () => ({ id: service }),
        (dta) => lines.push(dta.logStream.message),
        abort.signal,
        (m) => errors.push(m),
      );
      const deadline = Date.now() + 10_000;
      while (connections < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const seen = lines.length;
      // lines keep coming on the new stream (a ticker logs two a second)
      const more = Date.now() + 10_000;
      while (lines.length <= seen && Date.now() < more) await new Promise((r) => setTimeout(r, 50));
      abort.abort();
      await done;
      expect(connections).toBeGreaterThanOrEqual(3);
      expect(lines.length).toBeGreaterThan(seen);
      expect(errors).toEqual([]);
    } finally {
      abort.abort();
      globalThis.fetch = realFetch;
    }
  });
});
