import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createApiToken, actorFromApiToken } from "@/lib/auth/tokens/api-tokens";
import { loadActor } from "@/lib/auth/request/load-actor";
import { hashPassword } from "@/lib/auth/password/password";
import { passkeyRegistrationOptions, registerPasskey } from "@/lib/auth/passkeys/passkeys";
import { relyingParty } from "@/lib/auth/passkeys/passkeys-ceremony";
import { resetRateLimiters } from "@/lib/auth/session/rate-limit";
import { revokeAllMySessions } from "@/lib/auth/session/sessions-admin";
import { sessionIsLive } from "@/lib/auth/session/sessions";
import { signInWithPassword } from "@/lib/auth/session/sign-in";
import { db, type Database } from "@/lib/db";
import { setDirectory } from "@/lib/directory";
import { signOutUserEverywhere } from "@/lib/users/devices";
import { updateUser } from "@/lib/users/manage-users";
import { createUserActor } from "../support/actors";
import { ENGINES, installFreshDatabase } from "../support/db";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { stepUp } from "../support/step-up";
import { claimsOf, token } from "../support/token-endpoint";

// Issue 10, item 9 (ADR 027): new credentials — a passkey, an API token — need a step-up or a
// sign-in of this device in the last 5 minutes; an API token never makes credentials; "sign out
// everywhere" also ends apps' refresh-token families and API tokens; an administrator setting a
// user's password signs that user out everywhere.

const PASSWORD = "correct horse battery staple";
const ctx = { ip: "203.0.113.5", userAgent: "vitest" };

describe.each(ENGINES)("new credentials ask for a confirmation (%s)", (engine) => {
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

  const person = async (name: string) => {
    const user = await db().user.create({
      data: {
        username: name,
        email: `${name}@example.test`,
        roles: ["DEVELOPER"],
        passwordHash: await hashPassword(PASSWORD),
      },
    });
    return user;
  };
  /** A session actor of a real sign-in (sessions row, like the browser's cookie). */
  const signedIn = async (login: string) => {
    const s = await signInWithPassword({ login, password: PASSWORD }, ctx);
    return (await loadActor(s!.id, { ...ctx, via: "session", subject: `session:${s!.sessionId}` }))!;
  };

  it("an API token or passkey without a step-up is refused (audited, nothing made); a step-up lets it through", async (c) => {
    if (!d) c.skip();
    const stale = await createUserActor({ globalRoles: ["DEVELOPER"] }); // a device with no recent sign-in or confirmation
    await expect(createApiToken({ actor: stale, name: "ci" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      details: { reason: "STEP_UP_REQUIRED" },
    });
    await expect(passkeyRegistrationOptions({ actor: stale })).rejects.toMatchObject({
      code: "FORBIDDEN",
      details: { reason: "STEP_UP_REQUIRED" },
    });
    const { origin, rpID } = relyingParty();
    const key = new SoftAuthenticator(origin, rpID);
    await expect(
      registerPasskey({ actor: stale, response: key.register("bm90LWEtY2hhbGxlbmdl"), name: "Phone" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db().apiToken.count({ where: { userId: stale.userId } })).toBe(0);
    expect(await db().passkey.count({ where: { userId: stale.userId } })).toBe(0);
    const denied = await db().auditLog.findMany({
      where: { userId: stale.userId, result: "denied" },
      select: { action: true },
    });
    expect(denied.map((r) => r.action).sort()).toEqual(["passkey.register", "passkey.register", "token.create"]);

    await stepUp(stale);
    expect((await createApiToken({ actor: stale, name: "ci" })).token).toMatch(/^snx_/);
    const options = await passkeyRegistrationOptions({ actor: stale });
    expect(
      (await registerPasskey({ actor: stale, response: key.register(options.challenge), name: "Phone" })).name,
    ).toBe("Phone");
  });

  it("a sign-in of this device in the last 5 minutes counts; an older one, or a refresh rotation, does not", async (c) => {
    if (!d) c.skip();
    const user = await person(`fresh-${engine}`);
    const actor = await signedIn(user.username);
    expect((await createApiToken({ actor, name: "right after sign-in" })).name).toBe("right after sign-in");
    const sid = actor.subject!.slice("session:".length);
    await db().session.update({ where: { id: sid }, data: { createdAt: new Date(Date.now() - 6 * 60_000) } });
    await expect(createApiToken({ actor, name: "later" })).rejects.toMatchObject({
      details: { reason: "STEP_UP_REQUIRED" },
    });

    // an app: its sign-in counts, a refresh rotation later (new row, same family) does not
    const app = await token({ grant_type: "password", username: user.username, password: PASSWORD });
    const first = claimsOf(app.body.access_token!).sid as string;
    await db().session.update({ where: { id: first }, data: { createdAt: new Date(Date.now() - 6 * 60_000) } });
    const rotated = await token({ grant_type: "refresh_token", refresh_token: app.body.refresh_token! });
    const answer = await graphqlRequest(`mutation { createApiToken(name: "from-app") { id } }`, {
      token: rotated.body.access_token!,
    });
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: "FORBIDDEN",
      details: { reason: "STEP_UP_REQUIRED" },
    });
  });

  it("an API token cannot make tokens or passkeys, even after a step-up", async (c) => {
    if (!d) c.skip();
    const user = await createUserActor({ globalRoles: ["DEVELOPER"] });
    const bearer = await tokenFor(user);
    await stepUp(bearer); // the token's own subject confirmed: still no
    const answer = await graphqlRequest(`mutation { createApiToken(name: "child") { id token } }`, { token: bearer });
    expect(answer.codes).toEqual(["FORBIDDEN"]);
    expect(answer.errors?.[0]?.message).toMatch(/API token cannot create/);
    const tokenActor = (await actorFromApiToken(bearer, ctx))!;
    await expect(passkeyRegistrationOptions({ actor: tokenActor })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db().apiToken.count({ where: { userId: user.userId } })).toBe(1);
  });

  it("sign out everywhere ends browser sessions, apps' refresh-token families and API tokens", async (c) => {
    if (!d) c.skip();
    const user = await person(`leaver-${engine}`);
    const browser = await signedIn(user.username);
    const app = await token({ grant_type: "password", username: user.username, password: PASSWORD });
    const script = await tokenFor(browser);
    expect(await revokeAllMySessions({ actor: browser })).toBeGreaterThanOrEqual(2);
    expect(await sessionIsLive(browser.subject!.slice(8), user.id)).toBe(false);
    expect((await token({ grant_type: "refresh_token", refresh_token: app.body.refresh_token! })).status).toBe(400);
    expect(await actorFromApiToken(script, ctx)).toBeNull();
    const row = await db().auditLog.findFirst({ where: { action: "session.revoke_all", userId: user.id } });
    expect(row?.details).toMatchObject({ apiAccessRevoked: 1 }); // API tokens revoked

    // the same from the user page, by an operator
    const again = await signedIn(user.username);
    const script2 = await tokenFor(again);
    await signOutUserEverywhere({ actor: admin, id: user.id });
    expect(await sessionIsLive(again.subject!.slice(8), user.id)).toBe(false);
    expect(await actorFromApiToken(script2, ctx)).toBeNull();
  });

  it("an administrator setting a user's password signs that user out of every session and app", async (c) => {
    if (!d) c.skip();
    const user = await person(`reset-${engine}`);
    const browser = await signedIn(user.username);
    const app = await token({ grant_type: "password", username: user.username, password: PASSWORD });
    await updateUser({ actor: admin, id: user.id, input: { password: "a brand new passphrase for you" } });
    expect(await sessionIsLive(browser.subject!.slice(8), user.id)).toBe(false);
    expect((await token({ grant_type: "refresh_token", refresh_token: app.body.refresh_token! })).status).toBe(400);
    const audit = await db().auditLog.findFirst({
      where: { action: "user.update", resourceId: user.id },
      orderBy: { createdAt: "desc" },
    });
    expect(audit?.details).toMatchObject({ changed: ["password"], revokedSessions: 2 });
  });
});
