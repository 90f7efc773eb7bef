import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { textOf } from "../support/element-text";
import type { Actor } from "@/lib/auth/actor";
import { loadActor } from "@/lib/auth/request/load-actor";
import { setGroupRoleMapping } from "@/lib/identity/role-mapping-settings";
import { db } from "@/lib/db";
import { setDirectory } from "@/lib/directory";
import { addUserToGroup, createGroup, removeUserFromGroup } from "@/lib/users/groups";
import { getUser } from "@/lib/users/list-users";
import { createUser, updateUser } from "@/lib/users/manage-users";
import { createUserActor } from "../support/actors";
import { stepUp } from "../support/step-up";
import { ENGINES, installFreshDatabase } from "../support/db";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { nextRequest } from "../support/next/headers";

// Issue 10, item 3: a local account's roles come from its local groups through the group mapping
// (ADR 027), and what the console shows (user(id), the user page) is what the account gets (me,
// every permission check) — on the very next request of a session or API token made earlier.

vi.mock("next/headers", () => import("../support/next/headers"));
vi.mock("next/navigation", () => import("../support/next/navigation"));

const ME = "query { me { roles permissions clientIds } clients { domain } }";
type Me = { me: { roles: string[]; permissions: string[]; clientIds: string[] }; clients: { domain: string }[] };

describe.each(ENGINES)("local accounts hold the roles the console shows (%s)", (engine) => {
  let d: Awaited<ReturnType<typeof installFreshDatabase>>;
  let admin: Actor, adminA: Actor;
  let alpha: { id: string };
  let lena: { id: string };
  let lenaToken: string, adminToken: string;

  const asLena = async () => (await graphqlRequest(ME, { token: lenaToken })).data as Me;
  const userPage = async (id: string) => {
    nextRequest.headers = new Headers({ authorization: `Bearer ${adminToken}`, "x-forwarded-for": "198.51.100.40" });
    const { default: UserPage } = await import("@/app/(console)/users/[id]/page");
    return textOf(await UserPage({ params: Promise.resolve({ id }) }));
  };
  const shownRoles = async (id: string) =>
    (
      (await graphqlRequest(`query($id: ID!) { user(id: $id) { roles } }`, { token: adminToken, variables: { id } }))
        .data as { user: { roles: string[] } }
    ).user.roles;

  beforeAll(async () => {
    setDirectory(undefined);
    d = await installFreshDatabase(engine);
    if (!d) return;
    alpha = await db().client.create({ data: { name: "Alpha", domain: "alpha.test", status: "active" } });
    await db().client.create({ data: { name: "Bravo", domain: "bravo.test", status: "active" } });
    admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"], name: "root" });
    adminA = await createUserActor({ clients: [{ clientId: alpha.id, role: "admin" }], name: "alpha-admin" });
    adminToken = await tokenFor(admin);
    lena = await createUser({
      actor: admin,
      input: { username: "lena", email: "lena@alpha.test", clientIds: [alpha.id] },
    });
    const lenaActor = await loadActor(lena.id, { ip: null, userAgent: null, via: "session" });
    lenaToken = await tokenFor(lenaActor!); // made BEFORE any role: it must pick the role up
  });
  afterAll(async () => d?.close());

  it("joining a local group mapped to DEVELOPER: user(id), the user page, me and the permissions all say DEVELOPER, at once", async (ctx) => {
    if (!d) ctx.skip();
    expect((await asLena()).me.roles).toEqual(["CLIENT_USER"]);
    expect((await asLena()).clients.map((c) => c.domain)).toEqual(["alpha.test"]);
    const devs = await createGroup({ actor: admin, input: { name: "developers" } });
    await stepUp(admin);
    await addUserToGroup({ actor: admin, groupId: devs.id, userId: lena.id });

    expect(await shownRoles(lena.id)).toEqual(["CLIENT_USER", "DEVELOPER"]);
    expect(await userPage(lena.id)).toContain("CLIENT_USER, DEVELOPER");
    const me = await asLena(); // the token made before: its next request holds the role
    expect(me.me.roles.sort()).toEqual(["CLIENT_USER", "DEVELOPER"]);
    expect(me.me.permissions).toContain("container:exec");
    expect(me.clients.map((c) => c.domain).sort()).toEqual(["alpha.test", "bravo.test"]); // a DEVELOPER sees every client
    const session = await loadActor(lena.id, { ip: null, userAgent: null, via: "session", subject: "session:x" });
    expect(session?.roles).toContain("DEVELOPER");
    // a CLIENT_ADMIN of alpha may no longer change her (she holds a global role now)
    await expect(updateUser({ actor: adminA, id: lena.id, input: { fullName: "taken over" } })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });

    await stepUp(admin);
    await removeUserFromGroup({ actor: admin, groupId: devs.id, userId: lena.id });
    expect(await shownRoles(lena.id)).toEqual(["CLIENT_USER"]);
    expect((await asLena()).me.roles).toEqual(["CLIENT_USER"]);
    expect((await asLena()).me.permissions).not.toContain("container:exec");
  });

  it("a mapping edit applies to local groups on the next request; a client pattern makes a CLIENT_ADMIN of that client", async (ctx) => {
    if (!d) ctx.skip();
    const ops = await createGroup({ actor: admin, input: { name: "ops" } });
    await stepUp(admin);
    await db().groupMember.create({ data: { groupId: ops.id, userId: lena.id } }); // "ops" maps to nothing yet
    expect((await asLena()).me.roles).toEqual(["CLIENT_USER"]);
    await setGroupRoleMapping({ actor: admin, pattern: "ops", role: "DEVELOPER" });
    expect((await asLena()).me.roles).toContain("DEVELOPER");
    expect(await shownRoles(lena.id)).toContain("DEVELOPER");
    await db().groupMember.deleteMany({ where: { groupId: ops.id } });

    const bravoAdmins = await createGroup({ actor: admin, input: { name: "client-bravo.test-admins" } });
    await stepUp(admin);
    await addUserToGroup({ actor: admin, groupId: bravoAdmins.id, userId: lena.id });
    const me = await asLena();
    expect(me.me.roles.sort()).toEqual(["CLIENT_ADMIN", "CLIENT_USER"]);
    expect(me.clients.map((c) => c.domain).sort()).toEqual(["alpha.test", "bravo.test"]);
    const view = await getUser({ actor: admin, id: lena.id });
    expect(view.roles).toEqual(["CLIENT_ADMIN", "CLIENT_USER"]);
    expect(view.clients.map((c) => `${c.domain}:${c.role}`).sort()).toEqual(["alpha.test:user", "bravo.test:admin"]);
    expect(await userPage(lena.id)).toContain("bravo.test");
  });

  it("joining a role-giving group needs a step-up: refused without one, nothing changes, audited as denied", async (ctx) => {
    if (!d) ctx.skip();
    const admins = await createGroup({ actor: admin, input: { name: "admin" } });
    const fresh = await createUserActor({ globalRoles: ["SUPER_ADMIN"], name: "root2" }); // no confirmation yet
    await expect(addUserToGroup({ actor: fresh, groupId: admins.id, userId: lena.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
      details: { reason: "STEP_UP_REQUIRED" },
    });
    expect(await db().groupMember.count({ where: { groupId: admins.id } })).toBe(0);
    expect((await asLena()).me.roles).not.toContain("SUPER_ADMIN");
    const denied = await db().auditLog.findFirst({
      where: { action: "group.member.add", userId: fresh.userId },
      orderBy: { createdAt: "desc" },
    });
    expect(denied).toMatchObject({ result: "denied", resourceId: lena.id });
    // creating a user straight into that group: refused before the user exists
    await expect(
      createUser({ actor: fresh, input: { username: "sneaky", email: "sneaky@alpha.test", groupIds: [admins.id] } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", details: { reason: "STEP_UP_REQUIRED" } });
    expect(await db().user.count({ where: { username: "sneaky" } })).toBe(0);
  });
});
