import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { setDirectory } from "@/lib/directory";
import { AuthentikDirectory } from "@/lib/directory/authentik";
import { createUser } from "@/lib/users/manage-users";
import { createUserActor } from "../support/actors";
import { ENGINES, installFreshDatabase } from "../support/db";
import { FakeAuthentik } from "../support/fake-authentik";

// With Authentik as the directory, createUser makes the account there first and then the local
// rows in one transaction; when the local rows fail, the account is deleted again (ADR 031).
describe.each(ENGINES)("users: atomic writes with Authentik (%s)", (engine) => {
  const fake = new FakeAuthentik();
  let d: Awaited<ReturnType<typeof installFreshDatabase>>;
  let admin: Actor;
  let client: { id: string }, refusing: { id: string };

  beforeAll(async () => {
    const url = await fake.start();
    d = await installFreshDatabase(engine);
    if (!d) return;
    setDirectory(
      new AuthentikDirectory({
        url,
        token: fake.token,
        timeoutMs: 2000,
        resilience: { attempts: 1, baseDelayMs: 5, failureThreshold: 100, cooldownMs: 10 },
      }),
    );
    admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    client = await db().client.create({ data: { name: "Fine", domain: "fine-ak.test", status: "active" } });
    refusing = await db().client.create({ data: { name: "Refusing", domain: "refusing-ak.test", status: "active" } });
    // A forced failure of the local write, from the database itself.
    await db().$executeRawUnsafe(`CREATE FUNCTION refuse_client_link() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.client_id = '${refusing.id}' THEN RAISE EXCEPTION 'forced failure'; END IF; RETURN NEW; END $$`);
    await db().$executeRawUnsafe(
      `CREATE TRIGGER refuse_client_link BEFORE INSERT ON user_clients FOR EACH ROW EXECUTE FUNCTION refuse_client_link()`,
    );
  });
  afterAll(async () => {
    setDirectory(undefined);
    await fake.stop();
    await d?.close();
  });

  const inAuthentik = (username: string) => [...fake.users.values()].filter((u) => u.username === username).length;

  it("the local rows fail after the account was made: the account is deleted again, no links remain", async (context) => {
    if (!d) return context.skip();
    await expect(
      createUser({
        actor: admin,
        input: { username: "undone", email: "undone@fine-ak.test", clientIds: [client.id, refusing.id] },
      }),
    ).rejects.toThrow();
    expect(inAuthentik("undone")).toBe(0);
    expect(await db().userClient.count({ where: { clientId: { in: [client.id, refusing.id] } } })).toBe(0);
    const audit = await db().auditLog.findFirst({
      where: { action: "user.create", userId: admin.userId },
      orderBy: { createdAt: "desc" },
    });
    expect(audit).toMatchObject({ result: "failure" });
  });

  it("when nothing fails, the account and its client link are both there", async (context) => {
    if (!d) return context.skip();
    const u = await createUser({
      actor: admin,
      input: { username: "kept", email: "kept@fine-ak.test", clientIds: [client.id] },
    });
    expect(inAuthentik("kept")).toBe(1);
    expect(await db().userClient.findMany({ where: { userId: u.id }, select: { clientId: true } })).toEqual([
      { clientId: client.id },
    ]);
  });
});
