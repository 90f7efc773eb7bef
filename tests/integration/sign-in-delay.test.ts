import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  delaySeconds,
  memoryFailureStore,
  redisFailureStore,
  setFailureStore,
  type FailureStore,
} from "@/lib/auth/session/account-throttle";
import { authOptions } from "@/lib/auth/session/next-auth";
import { hashPassword } from "@/lib/auth/password/password";
import { resetRateLimiters } from "@/lib/auth/session/rate-limit";
import { db, type Database } from "@/lib/db";
import { ENGINES, installFreshDatabase } from "../support/db";
import { requireService, SERVICE_URLS } from "../support/services";
import { token } from "../support/token-endpoint";

// Per-account progressive delay on failed password sign-ins, through the real token endpoint and
// the sign-in page's Credentials provider. Logins that match no account are counted in memory or
// in a real Redis; both must look exactly like a known account.
const PASSWORD = "correct horse battery staple";
const WRONG = "not the password at all";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const unique = () => crypto.randomBytes(4).toString("hex");

const STORES: [string, () => Promise<FailureStore | null>][] = [
  ["memory", async () => memoryFailureStore()],
  [
    "redis",
    async () => ((await requireService("Redis", SERVICE_URLS.redis)) ? redisFailureStore(SERVICE_URLS.redis) : null),
  ],
];
const CASES = ENGINES.flatMap((engine) => STORES.map(([name, make]) => [engine, name, make] as const));

/** The sign-in page's password provider, called as next-auth calls it. */
async function pageSignIn(login: string, password: string) {
  type Provider = { options?: { id?: string; authorize: (c: unknown, req: unknown) => Promise<unknown> } };
  const provider = (authOptions().providers as Provider[]).find((p) => p.options?.id === "password");
  return provider!.options!.authorize(
    { login, password },
    { headers: { "x-forwarded-for": "198.51.100.77", "user-agent": "browser" } },
  );
}

describe.each(CASES)("per-account sign-in delay on %s, unknown logins in %s", (engine, _store, makeStore) => {
  let d: Database | null;
  let store: FailureStore | null;
  let user: { id: string; username: string };
  beforeAll(async () => {
    store = await makeStore();
    d = store ? await installFreshDatabase(engine) : null;
    if (!d) return;
    setFailureStore(store!);
    const name = `kim-${unique()}`;
    user = await db().user.create({
      data: { username: name, email: `${name}@example.test`, passwordHash: await hashPassword(PASSWORD) },
      select: { id: true, username: true },
    });
  });
  beforeEach(() => resetRateLimiters());
  afterAll(async () => {
    setFailureStore(undefined);
    await d?.close();
  });

  it("grows 1 s, 2 s … after three failures, the same for an unknown login, and resets on success", async (context) => {
    if (!d) return context.skip();
    const ghost = `ghost-${unique()}`;
    // each login from its own IP: the per-IP limit (10 a minute) is not what is measured here
    const attempt = (login: string, password = WRONG) =>
      token(
        { grant_type: "password", username: login, password },
        { ip: login === ghost ? "198.51.100.31" : "198.51.100.32" },
      );
    const run = async (login: string) => {
      const seen: (string | number)[] = [];
      const note = (r: Awaited<ReturnType<typeof attempt>>) =>
        seen.push(r.status === 429 ? `wait ${r.headers.get("retry-after")}` : r.status);
      for (let i = 0; i < 3; i++) note(await attempt(login));
      note(await attempt(login)); // refused without checking: even the right password would be
      note(await attempt(login, PASSWORD));
      await sleep(1100);
      note(await attempt(login)); // allowed again, fails: 4 failures
      note(await attempt(login));
      return seen;
    };
    const [known, unknown] = await Promise.all([run(user.username), run(ghost)]);
    expect(known).toEqual([400, 400, 400, "wait 1", "wait 1", 400, "wait 2"]);
    expect(unknown).toEqual(known);

    // the bodies say the same for both (the seconds left may differ by the time each call took)
    const [a, b] = await Promise.all([attempt(user.username), attempt(ghost)]);
    const shape = (body: typeof a.body) => ({
      ...body,
      error_description: body.error_description?.replace(/\d+/g, "N"),
    });
    expect(shape(a.body)).toEqual(shape(b.body));
    expect(a.body).toMatchObject({
      error: "slow_down",
      error_description: expect.stringMatching(/^Too many failed sign-ins; retry in \d+ s$/),
    });
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { failedSignIns: true } })).toEqual({
      failedSignIns: 4,
    });

    await sleep(2100);
    expect((await attempt(user.username, PASSWORD)).status).toBe(200);
    const after = await db().user.findUniqueOrThrow({
      where: { id: user.id },
      select: { failedSignIns: true, lastFailedSignInAt: true },
    });
    expect(after).toEqual({ failedSignIns: 0, lastFailedSignInAt: null });
    expect((await attempt(user.username)).status).toBe(400); // a fresh start: no delay after one failure

    const denied = await db().auditLog.findFirst({
      where: { userId: user.id, action: "auth.signin", result: "denied" },
    });
    expect(denied?.details).toMatchObject({ method: "password", reason: "account delay" });
  });

  it("the sign-in page and the token endpoint share the account's count", async (context) => {
    if (!d) return context.skip();
    const name = `lee-${unique()}`;
    const lee = await db().user.create({
      data: { username: name, email: `${name}@example.test`, passwordHash: await hashPassword(PASSWORD) },
      select: { id: true },
    });
    for (let i = 0; i < 2; i++) expect(await pageSignIn(name, WRONG)).toBeNull();
    expect((await token({ grant_type: "password", username: `${name}@example.test`, password: WRONG })).status).toBe(
      400,
    );
    // the page's message code, and the app's 429
    await expect(pageSignIn(name, PASSWORD)).rejects.toThrow("AccountDelay");
    expect((await token({ grant_type: "password", username: name, password: PASSWORD })).status).toBe(429);
    await sleep(1100);
    expect(await pageSignIn(name, PASSWORD)).toMatchObject({ id: lee.id });
  });
});

describe("the delay schedule", () => {
  it("starts after three failures, doubles, and stops growing at 60 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 8, 9, 30].map(delaySeconds)).toEqual([0, 0, 0, 1, 2, 4, 8, 32, 60, 60]);
  });
});
