import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeActor, type Actor } from "@/lib/auth/actor";
import { passkeyRegistrationOptions, registerPasskey } from "@/lib/auth/passkeys/passkeys";
import { relyingParty } from "@/lib/auth/passkeys/passkeys-ceremony";
import { resetRateLimiters } from "@/lib/auth/session/rate-limit";
import { confirmStepUpWithPasskey, confirmStepUpWithPassword, stepUpPasskeyOptions } from "@/lib/auth/step-up/step-up";
import { deleteClient } from "@/lib/clients/lifecycle";
import { createClient } from "@/lib/clients/write-client";
import { createZone, deleteZone } from "@/lib/dns/zones";
import { db, type Database } from "@/lib/db";
import { createUserActor } from "../support/actors";
import { ENGINES, installFreshDatabase } from "../support/db";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { stepUp, STEP_UP_PASSWORD } from "../support/step-up";

// Step-up before destructive actions (docs/decisions/015-step-up.md): refused and audited without a fresh
// confirmation of this subject (device or token), allowed for 5 minutes after a password or
// passkey confirmation, never carried over to another session of the same user.
const reasonOf = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: { code?: string; details?: { reason?: string } }) => e.details?.reason ?? e.code ?? String(e),
  );
const statusOf = async (id: string) => (await db().client.findUniqueOrThrow({ where: { id } })).status;
const stepUpRows = (userId: string, result: string) =>
  db().auditLog.findMany({ where: { action: "auth.stepup", userId, result }, orderBy: { createdAt: "asc" } });

describe.each(ENGINES)("step-up on %s", (engine) => {
  let d: Database | null;
  let sa: Actor;
  const newClient = async (name: string) => createClient({ actor: sa, input: { name, domain: `${name}.test` } });

  beforeAll(async () => {
    resetRateLimiters();
    d = await installFreshDatabase(engine);
    if (!d) return;
    sa = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
  });
  afterAll(async () => d?.close());

  it("delete without a step-up is refused, changes nothing and is audited as denied", async (context) => {
    if (!d) return context.skip();
    const c = await newClient("alpha");
    expect(await reasonOf(deleteClient({ actor: sa, id: c.id }))).toBe("STEP_UP_REQUIRED");
    expect(await statusOf(c.id)).toBe("active");
    const denied = await db().auditLog.findFirstOrThrow({ where: { action: "client.delete", resourceId: c.id } });
    expect(denied).toMatchObject({ userId: sa.userId, result: "denied", details: { reason: "step-up required" } });
  });

  it("a wrong password is refused and audited; the right one lets the delete through", async (context) => {
    if (!d) return context.skip();
    const c = await newClient("bravo");
    await stepUp(sa); // gives the user its test password
    await db().stepUp.deleteMany({ where: { userId: sa.userId } });
    await expect(confirmStepUpWithPassword({ actor: sa, password: "not the password" })).rejects.toMatchObject({
      code: "VALIDATION",
      message: "Wrong password",
    });
    expect(await reasonOf(deleteClient({ actor: sa, id: c.id }))).toBe("STEP_UP_REQUIRED");
    expect((await stepUpRows(sa.userId, "failure")).at(-1)?.details).toMatchObject({
      method: "password",
      reason: "wrong password",
      subject: sa.subject,
    });

    const ok = await confirmStepUpWithPassword({ actor: sa, password: STEP_UP_PASSWORD });
    expect(ok.method).toBe("password");
    expect(ok.validUntil.getTime() - ok.confirmedAt.getTime()).toBe(5 * 60_000);
    expect(await deleteClient({ actor: sa, id: c.id })).toBe(true);
    expect(await statusOf(c.id)).toBe("deleted");
    expect((await stepUpRows(sa.userId, "success")).at(-1)?.details).toMatchObject({
      method: "password",
      subject: sa.subject,
    });
  });

  it("after 5 minutes the confirmation no longer counts", async (context) => {
    if (!d) return context.skip();
    const c = await newClient("charlie");
    await stepUp(sa);
    await db().stepUp.update({
      where: { subject: sa.subject! },
      data: { confirmedAt: new Date(Date.now() - 5 * 60_000 - 1000) },
    });
    expect(await reasonOf(deleteClient({ actor: sa, id: c.id }))).toBe("STEP_UP_REQUIRED");
    await db().stepUp.update({
      where: { subject: sa.subject! },
      data: { confirmedAt: new Date(Date.now() - 4 * 60_000) },
    });
    expect(await deleteClient({ actor: sa, id: c.id })).toBe(true);
  });

  it("another session of the same user has not stepped up", async (context) => {
    if (!d) return context.skip();
    const c = await newClient("delta");
    await stepUp(sa);
    const otherDevice = makeActor({
      userId: sa.userId,
      username: sa.username,
      globalRoles: ["SUPER_ADMIN"],
      clientRoles: [],
      via: "session",
      subject: `session:${crypto.randomUUID()}`,
    });
    expect(await reasonOf(deleteClient({ actor: otherDevice, id: c.id }))).toBe("STEP_UP_REQUIRED");
    const noSubject = makeActor({
      userId: sa.userId,
      username: sa.username,
      globalRoles: ["SUPER_ADMIN"],
      clientRoles: [],
      via: "session",
    });
    expect(await reasonOf(deleteClient({ actor: noSubject, id: c.id }))).toBe("STEP_UP_REQUIRED");
    expect(await statusOf(c.id)).toBe("active");
  });

  it("permission and scope come first: a CLIENT_USER gets FORBIDDEN (not a step-up prompt), even after stepping up", async (context) => {
    if (!d) return context.skip();
    const c = await newClient("echo");
    const user = await createUserActor({ clients: [{ clientId: c.id, role: "user" }] });
    await stepUp(user);
    const err = await deleteClient({ actor: user, id: c.id }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "FORBIDDEN", details: { permission: "client:delete" } });
  });

  it("a zone delete asks too", async (context) => {
    if (!d) return context.skip();
    const dev = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    await createZone({ actor: dev, input: { name: "stepup.test", nameservers: ["ns1.example.net"] } });
    expect(await reasonOf(deleteZone({ actor: dev, zone: "stepup.test" }))).toBe("STEP_UP_REQUIRED");
    expect(await db().dnsZone.count({ where: { name: "stepup.test" } })).toBe(1);
    await stepUp(dev);
    expect(await deleteZone({ actor: dev, zone: "stepup.test" })).toBe(true);
  });

  it("passkey: user verification required, challenge single use, counter checked, another user's passkey refused", async (context) => {
    if (!d) return context.skip();
    const holder = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const { origin, rpID } = relyingParty();
    const key = new SoftAuthenticator(origin, rpID);
    await stepUp(holder); // registering a passkey asks for a confirmation (ADR 027)
    await registerPasskey({
      actor: holder,
      response: key.register((await passkeyRegistrationOptions({ actor: holder })).challenge),
      name: "Phone",
    });

    const noUv = await stepUpPasskeyOptions({ actor: holder });
    expect(noUv.userVerification).toBe("required");
    expect(noUv.allowCredentials?.map((c) => c.id)).toEqual([key.credentialId.toString("base64url")]);
    await expect(
      confirmStepUpWithPasskey({ actor: holder, response: key.assert(noUv.challenge, { uv: false }) }),
    ).rejects.toMatchObject({ code: "VALIDATION" });

    const options = await stepUpPasskeyOptions({ actor: holder });
    const response = key.assert(options.challenge);
    expect((await confirmStepUpWithPasskey({ actor: holder, response })).method).toBe("passkey");
    await db().stepUp.deleteMany({ where: { userId: holder.userId } });
    // the same assertion again: its challenge is spent
    await expect(confirmStepUpWithPasskey({ actor: holder, response })).rejects.toMatchObject({ code: "VALIDATION" });
    // a fresh challenge, but a counter that did not move (a cloned authenticator)
    const again = await stepUpPasskeyOptions({ actor: holder });
    await expect(
      confirmStepUpWithPasskey({ actor: holder, response: key.assert(again.challenge, { bump: false }) }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    // the passkey of someone else, with a challenge that person's session asked for
    const stranger = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    await stepUp(stranger);
    await db().stepUp.deleteMany({ where: { userId: stranger.userId } });
    await expect(stepUpPasskeyOptions({ actor: stranger })).rejects.toMatchObject({ code: "VALIDATION" }); // has none
    await expect(
      confirmStepUpWithPasskey({
        actor: stranger,
        response: key.assert((await stepUpPasskeyOptions({ actor: holder })).challenge),
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await db().stepUp.count({ where: { userId: { in: [holder.userId, stranger.userId] } } })).toBe(0);
    const reasons = (await stepUpRows(holder.userId, "failure")).map((r) => (r.details as { reason: string }).reason);
    expect(reasons).toHaveLength(3);
    expect(reasons.at(-1)).toMatch(/counter/);
    expect((await stepUpRows(stranger.userId, "failure")).at(-1)?.details).toMatchObject({
      method: "passkey",
      reason: "unknown credential",
    });
  });

  it("attempts are rate-limited per user like sign-in (RATE_LIMIT_SIGNIN_PER_MINUTE, both methods share it)", async (context) => {
    if (!d) return context.skip();
    const guesser = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const codes: string[] = [];
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => "OK",
        (e: { code: string }) => e.code,
      );
    for (let i = 0; i < 11; i++)
      codes.push(await codeOf(confirmStepUpWithPasskey({ actor: guesser, response: { id: `forged-${i}` } })));
    expect(codes).toEqual([...Array(10).fill("VALIDATION"), "RATE_LIMITED"]);
    expect(await codeOf(confirmStepUpWithPassword({ actor: guesser, password: "a guess" }))).toBe("RATE_LIMITED");
    expect((await stepUpRows(guesser.userId, "failure")).at(-1)?.details).toMatchObject({
      method: "password",
      reason: "rate limited",
    });
    // another user is not slowed down by this one's guesses
    await stepUp(await createUserActor({ globalRoles: ["SUPER_ADMIN"] }));
  });

  it("GraphQL: deleteClient answers FORBIDDEN with reason STEP_UP_REQUIRED, confirmStepUpWithPassword, then it works", async (context) => {
    if (!d) return context.skip();
    const c = await newClient("foxtrot");
    const admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const token = await tokenFor(admin);
    const del = () =>
      graphqlRequest(`mutation($id: ID!) { deleteClient(id: $id) }`, { token, variables: { id: c.id } });
    const refused = await del();
    expect(refused.codes).toEqual(["FORBIDDEN"]);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ details: { reason: "STEP_UP_REQUIRED" } });
    await stepUp(await createUserActor()); // (unrelated user: does not help)
    await db().user.update({
      where: { id: admin.userId },
      data: { passwordHash: (await db().user.findUniqueOrThrow({ where: { id: sa.userId } })).passwordHash },
    });
    const wrong = await graphqlRequest(`mutation { confirmStepUpWithPassword(password: "nope") { method } }`, {
      token,
    });
    expect(wrong.codes).toEqual(["VALIDATION"]);
    const ok = await graphqlRequest(
      `mutation($p: String!) { confirmStepUpWithPassword(password: $p) { method confirmedAt validUntil } }`,
      { token, variables: { p: STEP_UP_PASSWORD } },
    );
    expect(ok.data?.confirmStepUpWithPassword).toMatchObject({ method: "password" });
    expect((await del()).data?.deleteClient).toBe(true);
    const options = await graphqlRequest(`mutation { stepUpPasskeyOptions }`, { token });
    expect(options.codes).toEqual(["VALIDATION"]); // no passkey registered
  });
});
