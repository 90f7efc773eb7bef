import crypto from "node:crypto";
import Redis from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setRefreshStore, type RefreshStore } from "@/lib/auth/tokens/refresh-store";
import { databaseRefreshStore } from "@/lib/auth/tokens/refresh-store/db";
import { redisRefreshStore } from "@/lib/auth/tokens/refresh-store/redis";
import { resetRateLimiters } from "@/lib/auth/session/rate-limit";
import { hashPassword } from "@/lib/auth/password/password";
import { db, type Database } from "@/lib/db";
import { ENGINES, installFreshDatabase } from "../support/db";
import { requireService, SERVICE_URLS } from "../support/services";
import { graphqlRequest } from "../support/graphql";
import { token } from "../support/token-endpoint";

const ME = "query { me { id username } }";
const PASSWORD = "correct horse battery staple";

// The same suite against both refresh-token stores (lib/auth/refresh-store): the sessions table,
// and a real Redis as with REDIS_URL set.
const STORES: [string, () => Promise<RefreshStore | null>][] = [
  ["database", async () => databaseRefreshStore],
  [
    "redis",
    async () => ((await requireService("Redis", SERVICE_URLS.redis)) ? redisRefreshStore(SERVICE_URLS.redis) : null),
  ],
];
const CASES = ENGINES.flatMap((engine) => STORES.map(([name, make]) => [engine, name, make] as const));

describe.each(CASES)("refresh tokens and access JWTs on %s, tokens in %s", (engine, storeName, makeStore) => {
  let d: Database | null;
  let user: { id: string; username: string };
  beforeAll(async () => {
    const store = await makeStore();
    d = store ? await installFreshDatabase(engine) : null;
    if (!d) return;
    setRefreshStore(store!);
    const name = `app-${crypto.randomBytes(3).toString("hex")}`;
    user = await db().user.create({
      data: {
        username: name,
        email: `${name}@example.test`,
        roles: ["DEVELOPER"],
        passwordHash: await hashPassword(PASSWORD),
      },
      select: { id: true, username: true },
    });
  });
  beforeEach(() => resetRateLimiters());
  afterAll(async () => {
    setRefreshStore(undefined);
    await d?.close();
  });

  const signIn = (opts: { form?: boolean } = {}) =>
    token({ grant_type: "password", username: user.username, password: PASSWORD }, opts);

  it("password grant answers an access JWT of one hour with the seed's claims and an opaque refresh token", async (context) => {
    if (!d) return context.skip();
    const res = await signIn({ form: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    const claims = JSON.parse(Buffer.from(res.body.access_token!.split(".")[1]!, "base64url").toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({
      sub: user.id,
      email: `${user.username}@example.test`,
      name: user.username,
      groups: [],
    });
    expect(claims.permissions).toContain("container:exec");
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    expect(typeof claims.sid).toBe("string");
    // opaque: nothing readable in it, and only its hash is stored
    expect(res.body.refresh_token).toMatch(/^snr_[A-Za-z0-9_-]{40,}$/);
    const row = await db().session.findUniqueOrThrow({ where: { id: claims.sid as string } });
    const hash = crypto.createHash("sha256").update(res.body.refresh_token!).digest("hex");
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(29.9 * 86400_000);
    if (storeName === "database") expect(row.refreshTokenHash).toBe(hash);
    else {
      // in Redis under its hash, 30 days; the device row only says where its tokens live
      expect(row.refreshTokenHash).toBe(`redis:${row.familyId}`);
      const redis = new Redis(SERVICE_URLS.redis);
      expect(await redis.hgetall(`snx:rt:${hash}`)).toMatchObject({ sid: row.id, uid: user.id, used: "0" });
      expect(await redis.ttl(`snx:rt:${hash}`)).toBeGreaterThan(29.9 * 86400);
      redis.disconnect();
    }

    const gql = await graphqlRequest(ME, { token: res.body.access_token });
    expect(gql.data?.me).toEqual({ id: user.id, username: user.username });
  });

  it("refuses a wrong password the same way as an unknown user, audited", async (context) => {
    if (!d) return context.skip();
    const wrong = await token({ grant_type: "password", username: user.username, password: "not the password!" });
    const unknown = await token({ grant_type: "password", username: "nobody-here", password: "not the password!" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toBe("invalid_grant");
    expect(
      await db().auditLog.count({ where: { userId: user.id, action: "auth.signin", result: "failure" } }),
    ).toBeGreaterThan(0);
    expect((await token({ grant_type: "client_credentials" })).body.error).toBe("unsupported_grant_type");
  });

  it("the password grant shares the sign-in limit per IP: 429 slow_down with Retry-After", async (context) => {
    if (!d) return context.skip();
    const ip = "198.51.100.99";
    const answers = [];
    // a different login each time: the per-account delay (sign-in-delay.test.ts) stays out of the way
    for (let i = 0; i < 11; i++)
      answers.push(
        await token(
          { grant_type: "password", username: `nobody-${i}-${user.username}`, password: "wrong password here" },
          { ip },
        ),
      );
    expect(answers.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(400));
    expect(answers[10]).toMatchObject({ status: 429, body: { error: "slow_down" } });
    expect(Number(answers[10]!.headers.get("retry-after"))).toBeGreaterThan(0);
    // another IP is not affected
    expect((await signIn()).status).toBe(200);
  });

  it("rotates the refresh token at every refresh; the new access token works", async (context) => {
    if (!d) return context.skip();
    const first = await signIn();
    const second = await token(
      { grant_type: "refresh_token", refresh_token: first.body.refresh_token! },
      { form: true },
    );
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    const third = await token({ grant_type: "refresh_token", refresh_token: second.body.refresh_token! });
    expect(third.status).toBe(200);
    expect((await graphqlRequest(ME, { token: third.body.access_token })).data?.me).toMatchObject({ id: user.id });
    // one device: the family has exactly one live session
    const sid = JSON.parse(Buffer.from(third.body.access_token!.split(".")[1]!, "base64url").toString()).sid as string;
    const { familyId } = await db().session.findUniqueOrThrow({ where: { id: sid } });
    expect(await db().session.count({ where: { familyId, revokedAt: null } })).toBe(1);
  });

  it("two concurrent uses of one refresh token never both get new tokens", async (context) => {
    if (!d) return context.skip();
    const { body } = await signIn();
    const both = await Promise.all(
      [0, 1].map(() => token({ grant_type: "refresh_token", refresh_token: body.refresh_token! })),
    );
    // the loser is refused; when it counts as a replay, the winner's family is revoked as well
    expect(both.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    expect(both.filter((r) => r.status !== 200).map((r) => r.body.error)).toContain("invalid_grant");
  });

  it("a stolen refresh token used twice kills its whole family, the legitimate holder's newer token too", async (context) => {
    if (!d) return context.skip();
    const login = await signIn();
    const stolen = login.body.refresh_token!;
    // the legitimate app refreshes first and goes on with its new pair
    const legit = await token({ grant_type: "refresh_token", refresh_token: stolen });
    expect(legit.status).toBe(200);
    expect((await graphqlRequest(ME, { token: legit.body.access_token })).data?.me).toMatchObject({ id: user.id });

    // the thief replays the copy
    const replay = await token({ grant_type: "refresh_token", refresh_token: stolen }, { ip: "203.0.113.66" });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_grant");

    // the legitimate holder is signed out too: its access JWT and its refresh token are refused
    const after = await graphqlRequest(ME, { token: legit.body.access_token });
    expect(after.data?.me ?? null).toBeNull();
    expect(after.codes).toContain("UNAUTHENTICATED");
    expect((await token({ grant_type: "refresh_token", refresh_token: legit.body.refresh_token! })).body.error).toBe(
      "invalid_grant",
    );

    const audit = await db().auditLog.findFirst({
      where: { userId: user.id, action: "auth.refresh.reuse" },
      orderBy: { createdAt: "desc" },
    });
    expect(audit).toMatchObject({ result: "denied", ipAddress: "203.0.113.66" });
    expect(audit?.details).toMatchObject({ revokedSessions: 1 });
  });

  it("a revoked session makes its access JWT refused by the GraphQL route; sessions are listed and revocable", async (context) => {
    if (!d) return context.skip();
    const phone = await signIn();
    const laptop = await signIn();
    const list = await graphqlRequest("query { mySessions { id app current userAgent ipAddress } }", {
      token: laptop.body.access_token,
    });
    const sessions = list.data?.mySessions as {
      id: string;
      app: boolean;
      current: boolean;
      userAgent: string;
      ipAddress: string;
    }[];
    const phoneSid = JSON.parse(Buffer.from(phone.body.access_token!.split(".")[1]!, "base64url").toString())
      .sid as string;
    expect(sessions.find((s) => s.id === phoneSid)).toMatchObject({
      app: true,
      current: false,
      userAgent: "deploy-script/1.0",
      ipAddress: "198.51.100.20",
    });
    expect(sessions.filter((s) => s.current)).toHaveLength(1);

    const revoked = await graphqlRequest("mutation($id: ID!) { revokeSession(id: $id) }", {
      token: laptop.body.access_token,
      variables: { id: phoneSid },
    });
    expect(revoked.data?.revokeSession).toBe(true);
    const refused = await graphqlRequest(ME, { token: phone.body.access_token });
    expect(refused.codes).toContain("UNAUTHENTICATED");
    // its refresh token no longer works either, and it is not a reuse alarm
    expect((await token({ grant_type: "refresh_token", refresh_token: phone.body.refresh_token! })).body.error).toBe(
      "invalid_grant",
    );
    expect((await graphqlRequest(ME, { token: laptop.body.access_token })).data?.me).toMatchObject({ id: user.id });

    const all = await graphqlRequest("mutation { revokeAllSessions }", { token: laptop.body.access_token });
    expect(all.data?.revokeAllSessions).toBeGreaterThan(0);
    expect((await graphqlRequest(ME, { token: laptop.body.access_token })).codes).toContain("UNAUTHENTICATED");
    expect(
      await db().auditLog.count({
        where: { userId: user.id, action: { in: ["session.revoke", "session.revoke_all"] }, result: "success" },
      }),
    ).toBe(2);
  });

  it("a forged or tampered access JWT is refused", async (context) => {
    if (!d) return context.skip();
    const { body } = await signIn();
    const [h, p] = body.access_token!.split(".");
    const forged = `${h}.${p}.${Buffer.from("x".repeat(32)).toString("base64url")}`;
    expect((await graphqlRequest(ME, { token: forged })).codes).toContain("UNAUTHENTICATED");
  });
});
