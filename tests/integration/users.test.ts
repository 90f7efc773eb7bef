import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { textOf } from "../support/element-text";
import type { Actor } from "@/lib/auth/actor";
import { verifyPassword } from "@/lib/auth/password/password";
import { db } from "@/lib/db";
import { setDirectory } from "@/lib/directory";
import { listGroups, addUserToGroup } from "@/lib/users/groups";
import { getUser, listUsers } from "@/lib/users/list-users";
import { createUser, deleteUser, updateUser } from "@/lib/users/manage-users";
import { listUserDevices, signOutUserEverywhere } from "@/lib/users/devices";
import { createUserActor } from "../support/actors";
import { stepUp } from "../support/step-up";
import { ENGINES, installFreshDatabase } from "../support/db";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { nextRequest } from "../support/next/headers";

// Pages and server actions read the request through next/headers: we hand them these headers.
vi.mock("next/headers", () => import("../support/next/headers"));
vi.mock("next/cache", () => import("../support/next/cache"));
vi.mock("next/navigation", () => import("../support/next/navigation"));

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};
const bearer = async (actor: Actor) =>
  (nextRequest.headers = new Headers({
    authorization: `Bearer ${await tokenFor(actor)}`,
    "x-forwarded-for": "198.51.100.40",
  }));

// Users and groups through the local directory, on both database engines.
describe.each(ENGINES)("users (local directory, %s)", (engine) => {
  let d: Awaited<ReturnType<typeof installFreshDatabase>>;
  let admin: Actor, adminA: Actor, dev: Actor;
  let a: { id: string }, b: { id: string };
  let bobOfB: { id: string };
  const audits = (action: string) => db().auditLog.findMany({ where: { action }, orderBy: { createdAt: "asc" } });

  beforeAll(async () => {
    setDirectory(undefined); // the local tables (no AUTHENTIK_URL in tests)
    d = await installFreshDatabase(engine);
    if (!d) return;
    a = await db().client.create({ data: { name: "Alpha", domain: "alpha.test", status: "active" } });
    b = await db().client.create({ data: { name: "Bravo", domain: "bravo.test", status: "active" } });
    admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"], name: "root" });
    adminA = await createUserActor({ clients: [{ clientId: a.id, role: "admin" }], name: "alice-admin" });
    dev = await createUserActor({ globalRoles: ["DEVELOPER"], name: "devon" });
    bobOfB = await createUser({ actor: admin, input: { username: "bob", email: "bob@bravo.test", clientIds: [b.id] } });
  });
  afterAll(async () => d?.close());

  it("SUPER_ADMIN creates a local user: password hashed (argon2id), clients linked, audited", async (context) => {
    if (!d) return context.skip();
    const u = await createUser({
      actor: admin,
      input: {
        username: "carol",
        email: "carol@alpha.test",
        fullName: "Carol C",
        password: "correct horse battery",
        clientIds: [a.id],
      },
    });
    expect(u).toMatchObject({ username: "carol", fullName: "Carol C", isActive: true, roles: ["CLIENT_USER"] });
    expect(u.clients.map((c) => c.domain)).toEqual(["alpha.test"]);
    const row = await db().user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash, "correct horse battery")).toBe(true);
    const audit = (await audits("user.create")).find((r) => r.resourceId === u.id);
    expect(audit).toMatchObject({ userId: admin.userId, result: "success" });
    expect(JSON.stringify(audit?.details)).not.toContain("correct horse");
  });

  it("validation: short password, bad email, taken username", async (context) => {
    if (!d) return context.skip();
    await expect(
      createUser({ actor: admin, input: { username: "dave", email: "dave@alpha.test", password: "short" } }),
    ).rejects.toMatchObject({ code: "VALIDATION", details: { fields: { password: expect.stringContaining("12") } } });
    await expect(
      createUser({ actor: admin, input: { username: "dave", email: "not-an-email" } }),
    ).rejects.toMatchObject({ code: "VALIDATION", details: { fields: { email: expect.any(String) } } });
    await expect(
      createUser({ actor: admin, input: { username: "bob", email: "bob2@bravo.test" } }),
    ).rejects.toMatchObject({ code: "CONFLICT", details: { fields: { username: "already taken" } } });
    expect((await audits("user.create")).filter((r) => r.result === "failure").length).toBeGreaterThanOrEqual(3);
  });

  it("list filters: search, client, active", async (context) => {
    if (!d) return context.skip();
    const names = async (filter: object) => (await listUsers({ actor: admin, filter })).map((u) => u.username).sort();
    expect(await names({ search: "CAR" })).toEqual(["carol"]);
    expect(await names({ client: b.id })).toEqual(["bob"]);
    await updateUser({ actor: admin, id: bobOfB.id, input: { isActive: false } });
    expect(await names({ active: false })).toEqual(["bob"]);
    expect(await names({ active: true })).not.toContain("bob");
    await updateUser({ actor: admin, id: bobOfB.id, input: { isActive: true } });
  });

  it("tenant rule: a CLIENT_ADMIN of A sees and edits only A's users; B's are NOT_FOUND", async (context) => {
    if (!d) return context.skip();
    const seen = (await listUsers({ actor: adminA })).map((u) => u.username);
    expect(seen).toContain("carol");
    expect(seen).not.toContain("bob");
    await expect(getUser({ actor: adminA, id: bobOfB.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateUser({ actor: adminA, id: bobOfB.id, input: { fullName: "hacked" } })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await getUser({ actor: admin, id: bobOfB.id })).fullName).not.toBe("hacked");
    // creating: only into their own clients
    await expect(
      createUser({ actor: adminA, input: { username: "eve", email: "eve@x.test", clientIds: [b.id] } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createUser({ actor: adminA, input: { username: "eve", email: "eve@x.test" } })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    const frank = await createUser({
      actor: adminA,
      input: { username: "frank", email: "frank@alpha.test", clientIds: [a.id] },
    });
    expect((await updateUser({ actor: adminA, id: frank.id, input: { fullName: "Frank A" } })).fullName).toBe(
      "Frank A",
    );
    // deleting is SUPER_ADMIN's only
    await expect(deleteUser({ actor: adminA, id: frank.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await audits("user.delete")).at(-1)).toMatchObject({ userId: adminA.userId, result: "denied" });
  });

  it("groups: only SUPER_ADMIN manages membership; permissions follow the group mapping; members listed", async (context) => {
    if (!d) return context.skip();
    const devs = await db().group.create({ data: { name: "developers" } });
    const carol = (await listUsers({ actor: admin, filter: { search: "carol" } }))[0]!;
    await expect(addUserToGroup({ actor: adminA, groupId: devs.id, userId: carol.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await stepUp(admin); // joining a group that maps to a role is a role assignment (ADR 027)
    await updateUser({ actor: admin, id: carol.id, input: { groupIds: [devs.id] } });
    const groups = await listGroups({ actor: dev });
    const g = groups.find((x) => x.name === "developers")!;
    expect(g.members.map((m) => m.username)).toEqual(["carol"]);
    expect(g.permissions).toContain("container:exec");
    expect(g.permissions).not.toContain("user:delete");
    expect((await getUser({ actor: admin, id: carol.id })).roles).toEqual(["CLIENT_USER", "DEVELOPER"]);
    expect((await audits("group.member.add")).at(-1)).toMatchObject({
      userId: admin.userId,
      resourceId: carol.id,
      result: "success",
    });
  });

  it("delete: SUPER_ADMIN deletes (audited), not themselves", async (context) => {
    if (!d) return context.skip();
    await expect(deleteUser({ actor: admin, id: admin.userId })).rejects.toMatchObject({ code: "CONFLICT" });
    await stepUp(admin);
    expect(await deleteUser({ actor: admin, id: bobOfB.id })).toBe(true);
    await expect(getUser({ actor: admin, id: bobOfB.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().userClient.count({ where: { userId: bobOfB.id } })).toBe(0);
    expect((await audits("user.delete")).at(-1)).toMatchObject({
      userId: admin.userId,
      resourceId: bobOfB.id,
      result: "success",
    });
  });

  it("GraphQL: the seed's users/user/groups/createUser/updateUser/deleteUser", async (context) => {
    if (!d) return context.skip();
    const token = await tokenFor(admin);
    const created = await graphqlRequest(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id username fullName isActive clients { domain } groups { name } lastLogin } }`,
      {
        token,
        variables: {
          input: {
            username: "gina",
            email: "gina@alpha.test",
            fullName: "Gina",
            password: "a long enough secret",
            clientIds: [a.id],
          },
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const gina = created.data?.createUser as { id: string };
    expect(created.data?.createUser).toMatchObject({
      username: "gina",
      isActive: true,
      clients: [{ domain: "alpha.test" }],
      groups: [],
      lastLogin: null,
    });
    const upd = await graphqlRequest(
      `mutation($id: ID!) { updateUser(id: $id, input: { isActive: false }) { isActive } }`,
      { token, variables: { id: gina.id } },
    );
    expect(upd.data?.updateUser).toEqual({ isActive: false });
    const list = await graphqlRequest(
      `{ users(filter: { active: false }) { username } groups { name permissions members { username } } }`,
      { token },
    );
    expect(list.data?.users).toEqual([{ username: "gina" }]);
    expect(list.data?.groups).toEqual([
      expect.objectContaining({ name: "developers", members: [{ username: "carol" }] }),
    ]);
    const short = await graphqlRequest(
      `mutation { createUser(input: { username: "h", email: "h@x.test", password: "short" }) { id } }`,
      { token },
    );
    expect(short.codes).toEqual(["VALIDATION"]);
    const tokenA = await tokenFor(adminA);
    const hidden = await graphqlRequest(`mutation($id: ID!) { deleteUser(id: $id) }`, {
      token: tokenA,
      variables: { id: gina.id },
    });
    expect(hidden.codes).toEqual(["FORBIDDEN"]);
    await stepUp(token);
    const del = await graphqlRequest(`mutation($id: ID!) { deleteUser(id: $id) }`, {
      token,
      variables: { id: gina.id },
    });
    expect(del.data?.deleteUser).toBe(true);
    const gone = await graphqlRequest(`query($id: ID!) { user(id: $id) { id } }`, {
      token,
      variables: { id: gina.id },
    });
    expect(gone.codes).toEqual(["NOT_FOUND"]);
  });
});

describe("users pages and actions (postgres)", () => {
  let d: Awaited<ReturnType<typeof installFreshDatabase>>;
  let root: Actor, adminA: Actor;
  let ida: { id: string }, ben: { id: string };

  beforeAll(async () => {
    setDirectory(undefined);
    d = await installFreshDatabase("postgres");
    if (!d) return;
    const a = await db().client.create({ data: { name: "Alpha", domain: "alpha.test", status: "active" } });
    const b = await db().client.create({ data: { name: "Bravo", domain: "bravo.test", status: "active" } });
    root = await createUserActor({ globalRoles: ["SUPER_ADMIN"], name: "root" });
    adminA = await createUserActor({ clients: [{ clientId: a.id, role: "admin" }], name: "alice-admin" });
    ida = await createUser({
      actor: root,
      input: { username: "ida", email: "ida@alpha.test", fullName: "Ida of Alpha", clientIds: [a.id] },
    });
    ben = await createUser({
      actor: root,
      input: { username: "ben", email: "ben@bravo.test", fullName: "Ben of Bravo", clientIds: [b.id] },
    });
  });
  afterAll(async () => d?.close());

  it("a CLIENT_ADMIN of A: the list shows A's users only; B's user page is a 404", async (context) => {
    if (!d) return context.skip();
    await bearer(adminA);
    const { default: UsersPage } = await import("@/app/(console)/users/page");
    const text = textOf(await UsersPage({ searchParams: Promise.resolve({}) }));
    expect(text).toContain("ida");
    expect(text).not.toContain("ben");
    const { default: UserPage } = await import("@/app/(console)/users/[id]/page");
    await expect(UserPage({ params: Promise.resolve({ id: ben.id }) })).rejects.toThrow("404");
    const own = textOf(await UserPage({ params: Promise.resolve({ id: ida.id }) }));
    expect(own).toContain("Ida of Alpha");
    expect(own).toContain("CLIENT_USER");
    expect(own).toContain("never"); // last login
  });

  it("the user page shows an operator the user's sessions and passkeys; sign out everywhere revokes them (audited); a CLIENT_ADMIN sees neither", async (context) => {
    if (!d) return context.skip();
    const soon = new Date(Date.now() + 3600_000);
    await db().session.create({
      data: { userId: ida.id, userAgent: "Pixel 9 Chrome", ipAddress: "198.51.100.77", expiresAt: soon },
    });
    await db().session.create({
      data: { userId: ida.id, userAgent: "backup-script", refreshTokenHash: `h-${Date.now()}`, expiresAt: soon },
    });
    await db().passkey.create({
      data: {
        userId: ida.id,
        credentialId: `cred-${Date.now()}`,
        publicKey: Buffer.from([1, 2, 3]),
        name: "Ida's phone",
      },
    });
    const { default: UserPage } = await import("@/app/(console)/users/[id]/page");

    await bearer(root);
    const page = textOf(await UserPage({ params: Promise.resolve({ id: ida.id }) }));
    expect(page).toContain("Browser · Pixel 9 Chrome · 198.51.100.77");
    expect(page).toContain("App · backup-script");
    expect(page).toContain("Ida's phone");

    await bearer(adminA);
    expect(textOf(await UserPage({ params: Promise.resolve({ id: ida.id }) }))).not.toContain("Pixel 9");
    await expect(listUserDevices({ actor: adminA, id: ida.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(signOutUserEverywhere({ actor: adminA, id: ida.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await listUserDevices({ actor: root, id: ida.id })).sessions).toHaveLength(2);

    await bearer(root);
    const { signOutUserEverywhereAction } = await import("@/app/(console)/users/actions");
    expect((await signOutUserEverywhereAction({}, form({ id: ida.id }))).ok).toBe("Signed out of 2 devices");
    expect(await db().session.count({ where: { userId: ida.id, revokedAt: null } })).toBe(0);
    expect((await listUserDevices({ actor: root, id: ida.id })).sessions).toEqual([]);
    const rows = await db().auditLog.findMany({
      where: { action: "user.sessions.revoke_all", resourceId: ida.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => [r.userId, r.result])).toEqual([
      [adminA.userId, "denied"],
      [root.userId, "success"],
    ]);
  });

  it("create, deactivate, delete with typed confirmation (server actions)", async (context) => {
    if (!d) return context.skip();
    await bearer(root);
    const { createUserAction, setActiveAction, deleteUserAction } = await import("@/app/(console)/users/actions");
    const short = await createUserAction({}, form({ username: "jo", email: "jo@x.test", password: "short" }));
    expect(short.error).toContain("12");
    expect(JSON.stringify(short.values)).not.toContain("short");
    expect(
      (await createUserAction({}, form({ username: "jo", email: "jo@x.test", password: "twelve chars ok" }))).ok,
    ).toBe("User jo created");
    expect((await setActiveAction({}, form({ id: ida.id, active: "false" }))).ok).toBe("ida deactivated");
    expect((await getUser({ actor: root, id: ida.id })).isActive).toBe(false);
    expect((await deleteUserAction({}, form({ id: ben.id, confirm: "nope" }))).error).toBe("Type ben to confirm");
    expect((await getUser({ actor: root, id: ben.id })).username).toBe("ben");
    await stepUp(nextRequest.headers.get("authorization")!.slice("Bearer ".length));
    expect((await deleteUserAction({}, form({ id: ben.id, confirm: "ben" }))).ok).toBe("ben deleted");
    await expect(getUser({ actor: root, id: ben.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
