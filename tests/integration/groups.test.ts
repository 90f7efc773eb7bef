import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db, type Database } from "@/lib/db";
import { addUserToGroup, createGroup, getGroup, listGroups } from "@/lib/users/groups";
import { createUserActor } from "../support/actors";
import { stepUp } from "../support/step-up";
import { ENGINES, installFreshDatabase } from "../support/db";

// Groups of the local directory (what the Groups pages call): a SUPER_ADMIN makes one, its name
// gives its members a role through the group mapping, members are added on its page.
describe.each(ENGINES)("groups on %s", (engine) => {
  let d: Database | null;
  let admin: Actor;
  let developer: Actor;
  beforeAll(async () => {
    d = await installFreshDatabase(engine);
    if (!d) return;
    admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    developer = await createUserActor({ globalRoles: ["DEVELOPER"] });
  });
  afterAll(async () => d?.close());

  it("a super admin creates a group; its page shows the mapped permissions and its members", async (context) => {
    if (!d) return context.skip();
    const group = await createGroup({ actor: admin, input: { name: "developers" } });
    expect(group).toMatchObject({ name: "developers", members: [] });
    expect(group.permissions).toContain("container:exec");
    await stepUp(admin); // joining a group that maps to a role is a role assignment (ADR 027)
    await addUserToGroup({ actor: admin, groupId: group.id, userId: developer.userId });
    const page = await getGroup({ actor: developer, id: group.id }); // group:read is enough to look
    expect(page.members.map((m) => m.id)).toEqual([developer.userId]);
    expect((await listGroups({ actor: admin })).map((g) => g.name)).toContain("developers");
    const audit = await db().auditLog.findFirst({ where: { action: "group.create", userId: admin.userId } });
    expect(audit).toMatchObject({ result: "success", resourceId: group.id, details: { name: "developers" } });
  });

  it("refuses a taken or bad name, a developer, and an unknown group, changing nothing", async (context) => {
    if (!d) return context.skip();
    await createGroup({ actor: admin, input: { name: "ops" } });
    const before = await db().group.count();
    await expect(createGroup({ actor: admin, input: { name: "ops" } })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(createGroup({ actor: admin, input: { name: "no spaces here" } })).rejects.toMatchObject({
      code: "VALIDATION",
      details: { fields: { name: expect.any(String) } },
    });
    await expect(createGroup({ actor: developer, input: { name: "mine" } })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await db().group.count()).toBe(before);
    await expect(getGroup({ actor: admin, id: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await db().auditLog.count({ where: { action: "group.create", result: "denied", userId: developer.userId } }),
    ).toBe(1);
  });
});
