import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { signInWithOidc } from "@/lib/identity/oidc-sign-in";
import { addClientUser, listClientUsers, removeClientUser } from "@/lib/clients/client-users";
import { db, type Database } from "@/lib/db";
import { getUser, listUsers } from "@/lib/users/list-users";
import { createUserActor } from "../support/actors";
import { ENGINES, installFreshDatabase } from "../support/db";

// Accounts that come from Authentik (users.source = "authentik", made at their first OIDC
// sign-in) are people like any other to a client's administrator: a CLIENT_ADMIN adds one to
// their client, sees them among its users and in the Users list, and sees nobody of other clients.
const unique = () => crypto.randomBytes(4).toString("hex");
const ctx = { ip: "198.51.100.5", userAgent: "vitest" };

describe.each(ENGINES)("Authentik accounts as client users on %s", (engine) => {
  let d: Database | null;
  let acme: { id: string };
  let other: { id: string };
  let acmeAdmin: Actor;
  let otherAdmin: Actor;
  beforeAll(async () => {
    d = await installFreshDatabase(engine);
    if (!d) return;
    acme = await db().client.create({ data: { name: "Acme", domain: `acme-${unique()}.test` }, select: { id: true } });
    other = await db().client.create({
      data: { name: "Other", domain: `other-${unique()}.test` },
      select: { id: true },
    });
    acmeAdmin = await createUserActor({ clients: [{ clientId: acme.id, role: "admin" }] });
    otherAdmin = await createUserActor({ clients: [{ clientId: other.id, role: "admin" }] });
  });
  afterAll(async () => d?.close());

  it("a CLIENT_ADMIN adds an Authentik account to their client; it appears in the client's users and their Users list", async (context) => {
    if (!d) return context.skip();
    const sub = `ak-${unique()}`;
    const signedIn = await signInWithOidc(
      { claims: { sub, email: `${sub}@corp.test`, name: "Ana Authentik", preferredUsername: sub, groups: [] } },
      ctx,
    );
    expect(await db().user.findUniqueOrThrow({ where: { id: signedIn.id } })).toMatchObject({
      source: "authentik",
      externalId: sub,
    });

    // before: not one of acme's people
    expect((await listUsers({ actor: acmeAdmin })).map((u) => u.id)).not.toContain(signedIn.id);
    await expect(getUser({ actor: acmeAdmin, id: signedIn.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const added = await addClientUser({
      actor: acmeAdmin,
      clientId: acme.id,
      input: { user: `${sub}@corp.test`, role: "user" },
    });
    expect(added).toMatchObject({ userId: signedIn.id, username: sub, role: "user" });
    expect((await listClientUsers({ actor: acmeAdmin, clientId: acme.id })).map((u) => u.userId)).toContain(
      signedIn.id,
    );
    const listed = await listUsers({ actor: acmeAdmin, filter: { client: acme.id } });
    expect(listed.find((u) => u.id === signedIn.id)).toMatchObject({ username: sub, fullName: "Ana Authentik" });
    expect((await getUser({ actor: acmeAdmin, id: signedIn.id })).clients.map((c) => c.id)).toEqual([acme.id]);

    const audit = await db().auditLog.findFirst({ where: { userId: acmeAdmin.userId, action: "client.user.add" } });
    expect(audit).toMatchObject({ result: "success", details: { userId: signedIn.id, role: "user" } });
  });

  it("the administrator of another client neither sees nor manages them", async (context) => {
    if (!d) return context.skip();
    const sub = `ak-${unique()}`;
    const signedIn = await signInWithOidc(
      { claims: { sub, email: `${sub}@corp.test`, preferredUsername: sub, groups: [] } },
      ctx,
    );
    await addClientUser({ actor: acmeAdmin, clientId: acme.id, input: { user: sub, role: "user" } });

    expect((await listUsers({ actor: otherAdmin })).map((u) => u.id)).not.toContain(signedIn.id);
    await expect(getUser({ actor: otherAdmin, id: signedIn.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listClientUsers({ actor: otherAdmin, clientId: acme.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      addClientUser({ actor: otherAdmin, clientId: acme.id, input: { user: sub, role: "admin" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(removeClientUser({ actor: otherAdmin, clientId: acme.id, userId: signedIn.id })).rejects.toMatchObject(
      { code: "NOT_FOUND" },
    );
    expect(
      await db().userClient.findMany({ where: { userId: signedIn.id }, select: { clientId: true, role: true } }),
    ).toEqual([{ clientId: acme.id, role: "user" }]);

    // acme's admin removes them again
    expect(await removeClientUser({ actor: acmeAdmin, clientId: acme.id, userId: signedIn.id })).toBe(true);
    expect((await listUsers({ actor: acmeAdmin })).map((u) => u.id)).not.toContain(signedIn.id);
  });
  it("a membership given in the console survives the user's next sign-ins; the mapping's own memberships follow the groups", async (context) => {
    if (!d) return context.skip();
    const sub = `ak-${unique()}`;
    const otherDomain = (await db().client.findUniqueOrThrow({ where: { id: other.id } })).domain;
    const claims = (groups: string[]) => ({
      claims: { sub, email: `${sub}@corp.test`, preferredUsername: sub, groups },
    });
    const signedIn = await signInWithOidc(claims([]), ctx);
    await addClientUser({ actor: acmeAdmin, clientId: acme.id, input: { user: sub, role: "user" } });
    const memberships = () =>
      db().userClient.findMany({
        where: { userId: signedIn.id },
        select: { clientId: true, role: true, source: true },
        orderBy: { clientId: "asc" },
      });
    const byClient = <T extends { clientId: string }>(rows: T[]) =>
      [...rows].sort((a, b) => a.clientId.localeCompare(b.clientId));

    // signs in again, now in other's users group: other comes from the mapping, acme stays
    await signInWithOidc(claims([`client-${otherDomain}-users`]), ctx);
    expect(await memberships()).toEqual(
      byClient([
        { clientId: acme.id, role: "user", source: "console" },
        { clientId: other.id, role: "user", source: "mapping" },
      ]),
    );
    expect((await listClientUsers({ actor: acmeAdmin, clientId: acme.id })).map((u) => u.userId)).toContain(
      signedIn.id,
    );

    // leaves the group in Authentik: the mapped membership goes, the console one stays
    await signInWithOidc(claims([]), ctx);
    expect(await memberships()).toEqual([{ clientId: acme.id, role: "user", source: "console" }]);
  });
});
