import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { changeOwnPassword } from "@/lib/auth/password/change-password";
import { completeSetup, ensureFirstAdmin } from "@/lib/auth/session/first-admin";
import { loadActor } from "@/lib/auth/request/load-actor";
import { hashPassword, verifyPassword } from "@/lib/auth/password/password";
import { resetRateLimiters } from "@/lib/auth/session/rate-limit";
import { sessionIsLive } from "@/lib/auth/session/sessions";
import { signInWithPassword } from "@/lib/auth/session/sign-in";
import { db, type Database } from "@/lib/db";
import { setDirectory } from "@/lib/directory";
import { createUser, updateUser } from "@/lib/users/manage-users";
import { createUserActor } from "../support/actors";
import { ENGINES, installFreshDatabase } from "../support/db";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { token } from "../support/token-endpoint";

// Issue 10, item 11 (ADR 027): a password is at least 12 characters AND not easy to guess
// (zxcvbn score ≥ 3 with its offline common-password and English dictionaries, plus the user's
// own name and e-mail), wherever one is set; the refusal says why. A user changes their own
// password with the current one (GraphQL changePassword; Settings → Security), audited, and their
// other sessions and apps are signed out.

const PASSWORD = "correct horse battery staple";
const ctx = { ip: "203.0.113.6", userAgent: "vitest" };

describe.each(ENGINES)("the first administrator's password (%s)", (engine) => {
  let d: Database | null;
  beforeAll(async () => void (d = await installFreshDatabase(engine)));
  afterAll(async () => d?.close());

  it("the setup link refuses a guessable password with the reason and makes no user; a strong one makes the admin", async (c) => {
    if (!d) c.skip();
    const { setupUrl } = await ensureFirstAdmin();
    const setupToken = new URL(setupUrl!).searchParams.get("token")!;
    const input = { token: setupToken, email: "first@example.test", username: "first", fullName: "First Admin" };
    await expect(completeSetup({ ...input, password: "Password123!" }, ctx)).rejects.toMatchObject({
      code: "VALIDATION",
      details: { fields: { password: expect.stringMatching(/too easy to guess: .+/) } },
    });
    expect(await db().user.count()).toBe(0);
    expect((await completeSetup({ ...input, password: PASSWORD }, ctx)).username).toBe("first");
  });
});

describe.each(ENGINES)("passwords (%s)", (engine) => {
  let d: Database | null;
  let admin: Actor;
  beforeAll(async () => {
    setDirectory(undefined);
    d = await installFreshDatabase(engine);
    if (!d) return;
    admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"], name: `root-${engine}` });
  });
  beforeEach(() => resetRateLimiters());
  afterAll(async () => d?.close());

  it("creating a user or resetting a password: a common or guessable one of 12+ characters is refused, saying why; nothing changes", async (c) => {
    if (!d) c.skip();
    const before = await db().user.count();
    for (const weak of ["password1234", "Password123!", "qwertyuiopasdf", "aaaaaaaaaaaa"]) {
      await expect(
        createUser({ actor: admin, input: { username: "weakling", email: "weak@example.test", password: weak } }),
      ).rejects.toMatchObject({
        code: "VALIDATION",
        details: { fields: { password: expect.stringMatching(/too easy to guess: .+/) } },
      });
    }
    // the account's own name in it counts against it
    await expect(
      createUser({
        actor: admin,
        input: { username: "margaretha", email: "margaretha@example.test", password: "margaretha2024!" },
      }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      details: { fields: { password: expect.stringContaining("too easy to guess") } },
    });
    // still the 12-character rule, said as such
    await expect(
      createUser({ actor: admin, input: { username: "weakling", email: "weak@example.test", password: "Zq9#mLx2" } }),
    ).rejects.toMatchObject({ code: "VALIDATION", details: { fields: { password: expect.stringContaining("12") } } });
    expect(await db().user.count()).toBe(before);

    const ok = await createUser({
      actor: admin,
      input: { username: "strong", email: "strong@example.test", password: PASSWORD },
    });
    const hash = (await db().user.findUniqueOrThrow({ where: { id: ok.id } })).passwordHash;
    await expect(updateUser({ actor: admin, id: ok.id, input: { password: "password1234" } })).rejects.toMatchObject({
      code: "VALIDATION",
      details: { fields: { password: expect.stringContaining("too easy to guess") } },
    });
    expect((await db().user.findUniqueOrThrow({ where: { id: ok.id } })).passwordHash).toBe(hash);

    // the GraphQL door carries the reason in the field error
    const answer = await graphqlRequest(`mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, {
      token: await tokenFor(admin),
      variables: { input: { username: "gql", email: "gql@example.test", password: "password1234" } },
    });
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: "VALIDATION",
      details: { fields: { password: expect.stringMatching(/too easy to guess: .*common/i) } },
    });
  });

  it("a user changes their own password with the current one: audited, other sessions and apps signed out, this one kept", async (c) => {
    if (!d) c.skip();
    const user = await db().user.create({
      data: {
        username: `self-${engine}`,
        email: `self-${engine}@example.test`,
        passwordHash: await hashPassword(PASSWORD),
      },
    });
    const here = await signInWithPassword({ login: user.username, password: PASSWORD }, ctx);
    const elsewhere = await signInWithPassword({ login: user.username, password: PASSWORD }, ctx);
    const app = await token({ grant_type: "password", username: user.username, password: PASSWORD });
    const actor = (await loadActor(user.id, { ...ctx, via: "session", subject: `session:${here!.sessionId}` }))!;

    await expect(
      changeOwnPassword({ actor, currentPassword: "not my password", newPassword: "a fresh and long passphrase" }),
    ).rejects.toMatchObject({ code: "VALIDATION", details: { fields: { currentPassword: expect.any(String) } } });
    await expect(
      changeOwnPassword({ actor, currentPassword: PASSWORD, newPassword: "password1234" }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      details: { fields: { newPassword: expect.stringContaining("too easy to guess") } },
    });
    expect(
      await verifyPassword((await db().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash, PASSWORD),
    ).toBe(true);
    expect(await sessionIsLive(elsewhere!.sessionId, user.id)).toBe(true);

    expect(
      await changeOwnPassword({ actor, currentPassword: PASSWORD, newPassword: "a fresh and long passphrase" }),
    ).toEqual({ revokedSessions: 2 });
    expect(
      await verifyPassword(
        (await db().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash,
        "a fresh and long passphrase",
      ),
    ).toBe(true);
    expect(await sessionIsLive(here!.sessionId, user.id)).toBe(true);
    expect(await sessionIsLive(elsewhere!.sessionId, user.id)).toBe(false);
    expect((await token({ grant_type: "refresh_token", refresh_token: app.body.refresh_token! })).status).toBe(400);
    const audits = await db().auditLog.findMany({
      where: { action: "user.password.change", userId: user.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audits.map((a) => a.result)).toEqual(["failure", "failure", "success"]);
    expect(JSON.stringify(audits)).not.toContain("fresh and long");
  });

  it("GraphQL changePassword: the seed's style, VALIDATION with the reason; an Authentik account has no password to change", async (c) => {
    if (!d) c.skip();
    const user = await db().user.create({
      data: {
        username: `gq-${engine}`,
        email: `gq-${engine}@example.test`,
        passwordHash: await hashPassword(PASSWORD),
      },
    });
    const bearer = await tokenFor((await loadActor(user.id, { ...ctx, via: "session" }))!);
    const change = (currentPassword: string, newPassword: string, t = bearer) =>
      graphqlRequest(`mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`, {
        token: t,
        variables: { c: currentPassword, n: newPassword },
      });
    const weak = await change(PASSWORD, "qwertyuiopasdf");
    expect(weak.errors?.[0]?.extensions).toMatchObject({
      code: "VALIDATION",
      details: { fields: { newPassword: expect.stringContaining("too easy to guess") } },
    });
    expect((await change(PASSWORD, "another long and odd passphrase")).data).toEqual({ changePassword: true });

    const oidc = await db().user.create({
      data: {
        username: `ak-${engine}`,
        email: `ak-${engine}@example.test`,
        source: "authentik",
        externalId: `sub-${engine}`,
      },
    });
    const fromAuthentik = await change(
      "anything",
      "another long and odd passphrase",
      await tokenFor((await loadActor(oidc.id, { ...ctx, via: "session" }))!),
    );
    expect(fromAuthentik.errors?.[0]?.extensions).toMatchObject({ code: "VALIDATION" });
    expect(fromAuthentik.errors?.[0]?.message).toMatch(/Authentik/);
  });
});
