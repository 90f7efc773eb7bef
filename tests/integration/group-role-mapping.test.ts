import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import {
  deleteGroupRoleMapping,
  effectiveGroupMapping,
  listGroupRoleMappings,
  setGroupRoleMapping,
} from "@/lib/identity/role-mapping-settings";
import { syncGroupRoles } from "@/lib/identity/authentik-role-sync";
import { loadActor } from "@/lib/auth/request/load-actor";
import { signInWithOidc } from "@/lib/identity/oidc-sign-in";
import { db, type Database } from "@/lib/db";
import { AuthentikDirectory } from "@/lib/directory/authentik";
import { CachedDirectory, memoryStore } from "@/lib/directory/cache";
import { localDirectory } from "@/lib/directory/local";
import { createUserActor } from "../support/actors";
import { ENGINES, installFreshDatabase } from "../support/db";
import { FakeAuthentik } from "../support/fake-authentik";
import { graphqlRequest, tokenFor } from "../support/graphql";

// Group → role mapping edited in Settings (docs/decisions/016-group-role-mapping.md) and the
// periodic sync against a FAKE Authentik (tests/support/fake-authentik.ts).
const ctx = { ip: "198.51.100.12", userAgent: "vitest" };
const via = { ip: null, userAgent: null, via: "session" as const };
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: { code?: string }) => e.code ?? String(e),
  );

describe.each(ENGINES)("group → role mapping on %s", (engine) => {
  const fake = new FakeAuthentik();
  let d: Database | null;
  let dir: CachedDirectory;
  let admin: Actor, clientUser: Actor;
  let acme: { id: string };

  beforeAll(async () => {
    d = await installFreshDatabase(engine);
    if (!d) return;
    const url = await fake.start();
    // behind the read cache, as in production: the sync must read past it
    dir = new CachedDirectory(
      new AuthentikDirectory({ url, token: fake.token, timeoutMs: 2000 }),
      memoryStore(),
      60_000,
    );
    acme = await db().client.create({ data: { name: "Acme", domain: "acme.test" } });
    admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    clientUser = await createUserActor({ clients: [{ clientId: acme.id, role: "user" }] });
  });
  afterAll(async () => {
    await fake.stop();
    await d?.close();
  });

  it("a CLIENT_USER may neither read nor edit it; the attempt is audited as denied and changes nothing", async (context) => {
    if (!d) return context.skip();
    expect(await codeOf(listGroupRoleMappings({ actor: clientUser }))).toBe("FORBIDDEN");
    expect(await codeOf(setGroupRoleMapping({ actor: clientUser, pattern: "everyone", role: "SUPER_ADMIN" }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(deleteGroupRoleMapping({ actor: clientUser, pattern: "admin" }))).toBe("FORBIDDEN");
    expect(await db().groupRoleMapping.count()).toBe(0);
    const denied = await db().auditLog.findMany({
      where: { userId: clientUser.userId, result: "denied" },
      orderBy: { createdAt: "asc" },
    });
    expect(denied.map((r) => r.action)).toEqual(["role-mapping.set", "role-mapping.delete"]);
    const gql = await graphqlRequest(
      `mutation { setGroupRoleMapping(pattern: "everyone", role: "SUPER_ADMIN") { pattern } }`,
      { token: await tokenFor(clientUser) },
    );
    expect(gql.codes).toEqual(["FORBIDDEN"]);
  });

  it("while the table is empty the default applies; the first edit stores it with the change, audited", async (context) => {
    if (!d) return context.skip();
    const before = await listGroupRoleMappings({ actor: admin });
    expect(before.source).toBe("default");
    expect(before.mappings.map((m) => m.pattern)).toEqual([
      "admin",
      "client-{domain}-admins",
      "client-{domain}-users",
      "developers",
    ]);
    const row = await setGroupRoleMapping({ actor: admin, pattern: " ops ", role: "DEVELOPER" });
    expect(row).toMatchObject({ pattern: "ops", role: "DEVELOPER" });
    const after = await listGroupRoleMappings({ actor: admin });
    expect(after.source).toBe("database");
    expect(after.mappings.map((m) => `${m.pattern}=${m.role}`)).toEqual([
      "admin=SUPER_ADMIN",
      "client-{domain}-admins=CLIENT_ADMIN",
      "client-{domain}-users=CLIENT_USER",
      "developers=DEVELOPER",
      "ops=DEVELOPER",
    ]);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "role-mapping.set", result: "success" } });
    expect(audit).toMatchObject({
      userId: admin.userId,
      resourceId: "ops",
      details: { pattern: "ops", role: "DEVELOPER", before: null, seededFrom: "default" },
    });
  });

  it("validates with the OIDC_GROUP_MAPPING rules and keeps one SUPER_ADMIN pattern; refusals change nothing", async (context) => {
    if (!d) return context.skip();
    const snapshot = JSON.stringify((await effectiveGroupMapping()).mapping);
    expect(await codeOf(setGroupRoleMapping({ actor: admin, pattern: "client-users", role: "CLIENT_USER" }))).toBe(
      "VALIDATION",
    );
    expect(await codeOf(setGroupRoleMapping({ actor: admin, pattern: "staff-{domain}", role: "SUPER_ADMIN" }))).toBe(
      "VALIDATION",
    );
    expect(await codeOf(setGroupRoleMapping({ actor: admin, pattern: "ops", role: "ROOT" }))).toBe("VALIDATION");
    expect(await codeOf(setGroupRoleMapping({ actor: admin, pattern: "   ", role: "DEVELOPER" }))).toBe("VALIDATION");
    expect(await codeOf(deleteGroupRoleMapping({ actor: admin, pattern: "admin" }))).toBe("CONFLICT");
    expect(await codeOf(setGroupRoleMapping({ actor: admin, pattern: "admin", role: "DEVELOPER" }))).toBe("CONFLICT");
    expect(await codeOf(deleteGroupRoleMapping({ actor: admin, pattern: "nobody" }))).toBe("NOT_FOUND");
    expect(JSON.stringify((await effectiveGroupMapping()).mapping)).toBe(snapshot);
  });

  it("admin edits a role and deletes a pattern (GraphQL); every change audited", async (context) => {
    if (!d) return context.skip();
    const token = await tokenFor(admin);
    const set = await graphqlRequest(
      `mutation { setGroupRoleMapping(pattern: "platform", role: "SUPER_ADMIN") { pattern role updatedAt } }`,
      { token },
    );
    expect(set.data?.setGroupRoleMapping).toMatchObject({ pattern: "platform", role: "SUPER_ADMIN" });
    const del = await graphqlRequest(`mutation { deleteGroupRoleMapping(pattern: "developers") }`, { token });
    expect(del.data?.deleteGroupRoleMapping).toBe(true);
    const list = await graphqlRequest(`{ groupRoleMappings { pattern role } }`, { token });
    expect((list.data?.groupRoleMappings as { pattern: string }[]).map((m) => m.pattern)).toEqual([
      "admin",
      "client-{domain}-admins",
      "client-{domain}-users",
      "ops",
      "platform",
    ]);
    expect(
      await db().auditLog.findFirst({ where: { action: "role-mapping.delete", result: "success" } }),
    ).toMatchObject({ resourceId: "developers", details: { role: "DEVELOPER", seededFrom: null } });
  });

  it("sign-in applies the stored mapping; the sync follows group changes in Authentik (admin removed → loses SUPER_ADMIN)", async (context) => {
    if (!d) return context.skip();
    const admins = fake.addGroup("admin");
    const ops = fake.addGroup("ops");
    const acmeUsers = fake.addGroup("client-acme.test-users");
    const dana = fake.addUser({ username: `dana-${engine}` });
    admins.users.add(dana.pk);
    acmeUsers.users.add(dana.pk);
    const sub = `uid-${dana.pk}`; // what Authentik sends as sub by default (its "hashed user id", User.uid)
    const signedIn = await signInWithOidc(
      {
        claims: {
          sub,
          email: `${dana.username}@example.test`,
          preferredUsername: dana.username,
          groups: ["admin", "client-acme.test-users"],
        },
      },
      ctx,
    );
    expect((await loadActor(signedIn.id, via))?.roles.sort()).toEqual(["CLIENT_USER", "SUPER_ADMIN"]);
    expect(await dir.listUsers({}, { page: 1, pageSize: 50 })).toBeTruthy(); // warm the cache with the old groups

    admins.users.delete(dana.pk);
    ops.users.add(dana.pk);
    const report = await syncGroupRoles(dir);
    expect(report).toMatchObject({ checked: 1, changed: 1, unmatched: 0 });
    const actor = await loadActor(signedIn.id, via);
    expect(actor?.roles.sort()).toEqual(["CLIENT_USER", "DEVELOPER"]);
    expect(actor?.clientRoles.get(acme.id)).toBe("CLIENT_USER");
    const rows = await db().auditLog.findMany({
      where: { action: "user.roles.sync", resourceId: signedIn.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.at(-1)).toMatchObject({
      userId: "system",
      result: "success",
      details: { source: "sync", before: { roles: ["SUPER_ADMIN"] }, after: { roles: ["DEVELOPER"] } },
    });

    // removed from the client's group too: the membership goes at the next sync; nothing else changes twice
    acmeUsers.users.delete(dana.pk);
    expect(await syncGroupRoles(dir)).toMatchObject({ changed: 1 });
    expect((await loadActor(signedIn.id, via))?.clientIds).toEqual([]);
    expect(await syncGroupRoles(dir)).toMatchObject({ checked: 1, changed: 0 });
    expect(await db().auditLog.count({ where: { action: "user.roles.sync", resourceId: signedIn.id } })).toBe(
      rows.length + 1,
    );
  });

  it("accounts Authentik no longer knows are left alone; a local directory skips the sync", async (context) => {
    if (!d) return context.skip();
    const ghost = await db().user.create({
      data: {
        username: `ghost-${engine}`,
        email: `ghost-${engine}@example.test`,
        source: "authentik",
        externalId: "uid-999999",
        roles: ["DEVELOPER"],
      },
    });
    expect((await syncGroupRoles(dir)).unmatched).toBe(1);
    expect((await db().user.findUniqueOrThrow({ where: { id: ghost.id } })).roles).toEqual(["DEVELOPER"]);
    expect((await syncGroupRoles(localDirectory)).skipped).toMatch(/local/);
  });
});
