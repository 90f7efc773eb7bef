import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, installFreshDatabase } from "../support/db";
import { signInWithOidc } from "@/lib/identity/oidc-sign-in";
import { loadActor } from "@/lib/auth/request/load-actor";
import { sessionIsLive } from "@/lib/auth/session/sessions";
import { db, type Database } from "@/lib/db";

const ctx = { ip: "198.51.100.9", userAgent: "vitest" };
const via = { ip: null, userAgent: null, via: "session" as const };
const unique = () => crypto.randomBytes(4).toString("hex");

async function auditRows(userId: string, action: string) {
  return db().auditLog.findMany({ where: { userId, action }, orderBy: { createdAt: "asc" } });
}

describe.each(ENGINES)("OIDC sign-in on %s", (engine) => {
  let d: Database | null;
  let acme: { id: string; domain: string };
  beforeAll(async () => {
    d = await installFreshDatabase(engine);
    if (d)
      acme = await db().client.create({
        data: { name: "Acme", domain: "acme.test" },
        select: { id: true, domain: true },
      });
  });
  afterAll(async () => d?.close());

  it("creates the account from the claims, applies the mapping and opens a session", async (context) => {
    if (!d) return context.skip();
    const sub = `sub-${unique()}`;
    const out = await signInWithOidc(
      {
        claims: {
          sub,
          email: "Dana@Example.test",
          name: "Dana Dev",
          preferredUsername: "dana",
          groups: ["developers", "client-acme.test-admins", "client-gone.test-users", "staff"],
        },
      },
      ctx,
    );

    const user = await db().user.findUniqueOrThrow({ where: { externalId: sub } });
    expect(user).toMatchObject({
      id: out.id,
      source: "authentik",
      email: "dana@example.test",
      username: "dana",
      fullName: "Dana Dev",
      passwordHash: null,
      roles: ["DEVELOPER"],
    });
    expect(user.lastLogin).not.toBeNull();
    expect(await sessionIsLive(out.sessionId, out.id)).toBe(true);

    const actor = await loadActor(out.id, via);
    expect(actor?.roles.sort()).toEqual(["CLIENT_ADMIN", "DEVELOPER"]);
    expect(actor?.clientRoles.get(acme.id)).toBe("CLIENT_ADMIN");

    const [signin] = await auditRows(out.id, "auth.signin");
    expect(signin).toMatchObject({
      result: "success",
      ipAddress: "198.51.100.9",
      details: { method: "oidc", sessionId: out.sessionId },
    });
    const [sync] = await auditRows(out.id, "user.roles.sync");
    expect(sync!.details).toMatchObject({
      before: { roles: [], clients: [] },
      after: { roles: ["DEVELOPER"], clients: [{ domain: "acme.test", role: "admin" }] },
      unknownDomains: ["gone.test"],
    });
  });

  it("replaces roles and memberships at the next sign-in when the groups change", async (context) => {
    if (!d) return context.skip();
    const sub = `sub-${unique()}`;
    const first = await signInWithOidc(
      {
        claims: { sub, email: `e-${sub}@example.test`, preferredUsername: "erin", groups: ["client-acme.test-users"] },
      },
      ctx,
    );
    expect((await loadActor(first.id, via))?.roles).toEqual(["CLIENT_USER"]);

    // A membership granted in the console is kept: the mapping owns only the memberships it made (ADR 024).
    const other = await db().client.create({ data: { name: "Other", domain: `other-${unique()}.test` } });
    await db().userClient.create({ data: { userId: first.id, clientId: other.id, role: "admin" } });

    const second = await signInWithOidc(
      {
        claims: {
          sub,
          email: `new-${sub}@example.test`,
          name: "Erin New",
          preferredUsername: "erin",
          groups: ["admin"],
        },
      },
      ctx,
    );
    expect(second.id).toBe(first.id);
    const actor = await loadActor(first.id, via);
    expect(actor?.roles).toEqual(["SUPER_ADMIN", "CLIENT_ADMIN"]);
    expect(actor?.clientIds).toEqual([other.id]);
    expect(await db().user.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({
      email: `new-${sub}@example.test`,
      fullName: "Erin New",
    });

    const syncs = await auditRows(first.id, "user.roles.sync");
    expect(syncs).toHaveLength(2);
    expect(syncs[1]!.details).toMatchObject({
      before: { roles: [], clients: [{ domain: "acme.test", role: "user" }] },
      after: { roles: ["SUPER_ADMIN"], clients: [] },
    });

    // Same groups again: nothing changed, so no new sync row, but a new session and sign-in row.
    const third = await signInWithOidc(
      { claims: { sub, email: `new-${sub}@example.test`, preferredUsername: "erin", groups: ["admin"] } },
      ctx,
    );
    expect(third.sessionId).not.toBe(second.sessionId);
    expect(await auditRows(first.id, "user.roles.sync")).toHaveLength(2);
    expect(await auditRows(first.id, "auth.signin")).toHaveLength(3);
  });

  it("refuses to take over a local account with the same email, and audits the refusal", async (context) => {
    if (!d) return context.skip();
    const local = await db().user.create({
      data: { username: `local-${unique()}`, email: "owner@example.test", passwordHash: "x", roles: ["SUPER_ADMIN"] },
    });
    const sub = `sub-${unique()}`;
    await expect(
      signInWithOidc({ claims: { sub, email: "OWNER@example.test", groups: ["admin"] } }, ctx),
    ).rejects.toMatchObject({ code: "CONFLICT", details: { reason: "email_taken" } });
    expect(await db().user.findUnique({ where: { externalId: sub } })).toBeNull();
    expect(await db().user.findUniqueOrThrow({ where: { id: local.id } })).toMatchObject({
      source: "local",
      externalId: null,
    });
    expect(await db().session.count({ where: { userId: local.id } })).toBe(0);
    const [row] = await auditRows(local.id, "auth.signin");
    expect(row).toMatchObject({ result: "failure", details: { method: "oidc", reason: "email_taken", sub } });
  });

  it("refuses a disabled account and an account without an email", async (context) => {
    if (!d) return context.skip();
    const sub = `sub-${unique()}`;
    const out = await signInWithOidc({ claims: { sub, email: `${sub}@example.test`, groups: [] } }, ctx);
    await db().user.update({ where: { id: out.id }, data: { isActive: false } });
    await expect(
      signInWithOidc({ claims: { sub, email: `${sub}@example.test`, groups: ["admin"] } }, ctx),
    ).rejects.toMatchObject({ code: "FORBIDDEN", details: { reason: "inactive" } });
    expect((await db().user.findUniqueOrThrow({ where: { id: out.id } })).roles).toEqual([]);

    await expect(
      signInWithOidc({ claims: { sub: `sub-${unique()}`, email: null, groups: ["admin"] } }, ctx),
    ).rejects.toMatchObject({ code: "VALIDATION", details: { reason: "no_email" } });
  });

  it("keeps usernames unique when preferred_username is already taken", async (context) => {
    if (!d) return context.skip();
    await db().user.create({ data: { username: "taken", email: `taken-${unique()}@example.test` } });
    const out = await signInWithOidc(
      {
        claims: { sub: `sub-${unique()}`, email: `t-${unique()}@example.test`, preferredUsername: "Taken", groups: [] },
      },
      ctx,
    );
    expect(out.username).toMatch(/^taken-[0-9a-f]{8}$/);
  });
});
