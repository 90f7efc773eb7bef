import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { setDirectory } from "@/lib/directory";
import { createLocalGroup } from "@/lib/directory/local";
import { createUser, updateUser } from "@/lib/users/manage-users";
import { createUserActor } from "../support/actors";
import { ENGINES, installFreshDatabase } from "../support/db";

// createUser/updateUser are all or nothing on the local directory (ADR 031): the user, their
// client links and their groups commit together, so a failure half-way leaves no user and no
// memberships (before, the user stayed behind without the groups that were asked for).
describe.each(ENGINES)("users: atomic writes (local directory, %s)", (engine) => {
  let d: Awaited<ReturnType<typeof installFreshDatabase>>;
  let admin: Actor;
  let client: { id: string };
  let team: { id: string }, broken: { id: string };

  beforeAll(async () => {
    setDirectory(undefined);
    d = await installFreshDatabase(engine);
    if (!d) return;
    admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    client = await db().client.create({ data: { name: "Atomic", domain: "atomic.test", status: "active" } });
    team = await createLocalGroup("atomic-team");
    broken = await createLocalGroup("atomic-broken");
    // A forced failure inside the write, from the database itself: joining this one group fails.
    await db().$executeRawUnsafe(`CREATE FUNCTION refuse_broken_group() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.group_id = '${broken.id}' THEN RAISE EXCEPTION 'forced failure'; END IF; RETURN NEW; END $$`);
    await db().$executeRawUnsafe(
      `CREATE TRIGGER refuse_broken_group BEFORE INSERT ON group_members FOR EACH ROW EXECUTE FUNCTION refuse_broken_group()`,
    );
  });
  afterAll(async () => d?.close());

  // user_clients.user_id has no foreign key (it also holds Authentik ids): a link left by a
  // failed create is one whose user does not exist.
  const leftovers = async (username: string) => {
    const ids = (await db().user.findMany({ where: { username }, select: { id: true } })).map((u) => u.id);
    const everyone = new Set((await db().user.findMany({ select: { id: true } })).map((u) => u.id));
    const links = await db().userClient.findMany({ select: { userId: true } });
    return {
      users: ids.length,
      clientLinks: links.filter((l) => ids.includes(l.userId) || !everyone.has(l.userId)).length,
      groups: await db().groupMember.count({ where: { user: { username } } }),
    };
  };

  it("createUser with an unknown group id: NOT_FOUND, no user, no client links, no memberships", async (context) => {
    if (!d) return context.skip();
    await expect(
      createUser({
        actor: admin,
        input: {
          username: "ghost",
          email: "ghost@atomic.test",
          clientIds: [client.id],
          groupIds: [team.id, crypto.randomUUID()],
        },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: "Group not found" });
    expect(await leftovers("ghost")).toEqual({ users: 0, clientLinks: 0, groups: 0 });
  });

  it("createUser failing half-way (the second group cannot be joined): nothing of it remains", async (context) => {
    if (!d) return context.skip();
    await expect(
      createUser({
        actor: admin,
        input: {
          username: "halfway",
          email: "halfway@atomic.test",
          clientIds: [client.id],
          groupIds: [team.id, broken.id],
        },
      }),
    ).rejects.toThrow();
    expect(await leftovers("halfway")).toEqual({ users: 0, clientLinks: 0, groups: 0 });
    const audit = await db().auditLog.findFirst({
      where: { action: "user.create", userId: admin.userId },
      orderBy: { createdAt: "desc" },
    });
    expect(audit).toMatchObject({ result: "failure" });
  });

  it("createUser with a client that does not exist: NOT_FOUND, no user", async (context) => {
    if (!d) return context.skip();
    await expect(
      createUser({
        actor: admin,
        input: {
          username: "noclient",
          email: "noclient@atomic.test",
          clientIds: [crypto.randomUUID()],
          groupIds: [team.id],
        },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await leftovers("noclient")).toEqual({ users: 0, clientLinks: 0, groups: 0 });
  });

  it("updateUser failing half-way: the name, the client links and the groups stay as they were", async (context) => {
    if (!d) return context.skip();
    const other = await db().client.create({ data: { name: "Other", domain: "other-atomic.test", status: "active" } });
    const u = await createUser({
      actor: admin,
      input: { username: "steady", email: "steady@atomic.test", clientIds: [client.id], groupIds: [team.id] },
    });
    expect(await leftovers("steady")).toEqual({ users: 1, clientLinks: 1, groups: 1 });
    await expect(
      updateUser({
        actor: admin,
        id: u.id,
        input: { username: "renamed", clientIds: [other.id], groupIds: [broken.id] },
      }),
    ).rejects.toThrow();
    const row = await db().user.findUniqueOrThrow({ where: { id: u.id }, include: { memberships: true } });
    expect(row.username).toBe("steady");
    expect((await db().userClient.findMany({ where: { userId: u.id } })).map((c) => c.clientId)).toEqual([client.id]);
    expect(row.memberships.map((m) => m.groupId)).toEqual([team.id]);
  });

  it("the same writes succeed together when nothing fails", async (context) => {
    if (!d) return context.skip();
    const u = await createUser({
      actor: admin,
      input: { username: "whole", email: "whole@atomic.test", clientIds: [client.id], groupIds: [team.id] },
    });
    expect(u.groups.map((g) => g.name)).toEqual(["atomic-team"]);
    expect(u.clients.map((c) => c.domain)).toEqual(["atomic.test"]);
    const changed = await updateUser({ actor: admin, id: u.id, input: { fullName: "Whole W", groupIds: [] } });
    expect(changed).toMatchObject({ fullName: "Whole W", groups: [] });
  });
});
