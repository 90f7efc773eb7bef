import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AuthentikDirectory } from "@/lib/directory/authentik";
import { setDirectory } from "@/lib/directory";
import { healthReport } from "@/lib/health";
import { installFreshDatabase } from "../support/db";
import { FakeAuthentik } from "../support/fake-authentik";

// The Authentik backend against tests/support/fake-authentik.ts (a FAKE speaking the official
// client's JSON shapes). Small delays and thresholds keep the resilience cases fast.
const fake = new FakeAuthentik();
let url = "";
let db: Awaited<ReturnType<typeof installFreshDatabase>>;
const make = (over: Partial<ConstructorParameters<typeof AuthentikDirectory>[0]> = {}) =>
  new AuthentikDirectory({
    url,
    token: fake.token,
    timeoutMs: 300,
    resilience: { attempts: 3, baseDelayMs: 5, failureThreshold: 2, cooldownMs: 400 },
    ...over,
  });

beforeAll(async () => {
  url = await fake.start();
  db = await installFreshDatabase("pglite"); // /health's database check needs one
  for (let i = 0; i < 7; i++) fake.addUser({ username: `user${i}`, name: `User ${i}` });
});
afterAll(async () => {
  setDirectory(undefined);
  await fake.stop();
  await db?.close();
});
afterEach(() => void fake.failures.splice(0));

describe("Authentik directory (fake Authentik)", () => {
  it("pages through users with page/page_size and maps the official shapes", async () => {
    const d = make();
    const first = await d.listUsers({}, { page: 1, pageSize: 3 });
    const third = await d.listUsers({}, { page: 3, pageSize: 3 });
    expect(first.total).toBe(7);
    expect(first.hasNextPage).toBe(true);
    expect(first.items.map((u) => u.username)).toEqual(["user0", "user1", "user2"]);
    expect(third.items.map((u) => u.username)).toEqual(["user6"]);
    expect(third.hasNextPage).toBe(false);
    expect(first.items[0]).toMatchObject({ fullName: "User 0", email: "user0@example.test", isActive: true });
  });

  it("a tenant-scoped list (ids) walks every page", async () => {
    const d = make();
    const all = await d.listUsers({}, { page: 1, pageSize: 100 });
    const wanted = [all.items[1]!.id, all.items[6]!.id];
    const scoped = await d.listUsers({ ids: wanted }, { page: 1, pageSize: 50 });
    expect(scoped.items.map((u) => u.id).sort()).toEqual([...wanted].sort());
  });

  it("creates, updates, deletes a user and manages group membership", async () => {
    const d = make();
    const group = fake.addGroup("developers");
    const created = await d.createUser({
      username: "newbie",
      email: "newbie@example.test",
      fullName: "New Bie",
      isActive: true,
    });
    await d.addUserToGroup(group.pk, created.id);
    expect((await d.getUser(created.id))?.groups).toEqual([{ id: group.pk, name: "developers" }]);
    expect((await d.listGroups()).find((g) => g.id === group.pk)?.memberIds).toEqual([created.id]);
    const updated = await d.updateUser(created.id, { isActive: false, fullName: "Renamed" });
    expect(updated).toMatchObject({ isActive: false, fullName: "Renamed" });
    await d.removeUserFromGroup(group.pk, created.id);
    expect((await d.getUser(created.id))?.groups).toEqual([]);
    await d.deleteUser(created.id);
    expect(await d.getUser(created.id)).toBeNull();
  });

  it("a 400 becomes VALIDATION naming the field, and is not retried", async () => {
    const d = make();
    fake.failures.push({ status: 400, body: { username: ["This field must be unique."] } });
    const before = fake.requests.length;
    const err = await d
      .createUser({ username: "dup", email: "d@example.test", fullName: "D", isActive: true })
      .catch((e) => e);
    expect(err).toMatchObject({ code: "VALIDATION", details: { fields: { username: "This field must be unique." } } });
    expect(fake.requests.length - before).toBe(1);
  });

  it("a 403 (our token lacks rights) is UNAVAILABLE, not retried, and does not open the circuit", async () => {
    const d = make();
    fake.failures.push({ status: 403 }, { status: 403 }, { status: 403 });
    for (let i = 0; i < 3; i++)
      await expect(d.listGroups()).rejects.toMatchObject({ code: "UNAVAILABLE", details: { status: 403 } });
    expect(d.breaker.state()).toBe("closed");
  });

  it("a wrong token is refused by the fake (Bearer required)", async () => {
    await expect(make({ token: "wrong" }).listGroups()).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });

  it("a 5xx is retried, then succeeds; three in a row fail as UNAVAILABLE", async () => {
    const d = make();
    fake.failures.push({ status: 500 }, { status: 503 });
    expect((await d.listUsers({}, { page: 1, pageSize: 2 })).items).toHaveLength(2);
    const before = fake.requests.length;
    fake.failures.push({ status: 500 }, { status: 502 }, { status: 500 });
    await expect(d.listGroups()).rejects.toMatchObject({ code: "UNAVAILABLE", details: { status: 500 } });
    expect(fake.requests.length - before).toBe(3);
  });

  it("a hanging Authentik times out per call", async () => {
    const d = make({ resilience: { attempts: 1, baseDelayMs: 5, failureThreshold: 5, cooldownMs: 400 } });
    fake.failures.push("hang");
    const started = Date.now();
    await expect(d.getUser("1")).rejects.toMatchObject({
      code: "UNAVAILABLE",
      message: expect.stringContaining("in time"),
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("the circuit opens after repeated failures (/health DEGRADED), fails fast, and closes after the cool-down", async () => {
    // The breaker's clock stands still unless the test moves it: the cool-down ends when we say.
    let clock = Date.now();
    const d = make({
      resilience: { attempts: 3, baseDelayMs: 5, failureThreshold: 2, cooldownMs: 3000 },
      now: () => clock,
    });
    setDirectory(d);
    fake.failures.push(...Array.from({ length: 6 }, () => ({ status: 500 as const })));
    await expect(d.listGroups()).rejects.toMatchObject({ code: "UNAVAILABLE" });
    await expect(d.listGroups()).rejects.toMatchObject({ code: "UNAVAILABLE" });
    expect(d.breaker.state()).toBe("open");

    const before = fake.requests.length;
    await expect(d.listGroups()).rejects.toMatchObject({ code: "UNAVAILABLE", details: { circuit: "open" } });
    expect(fake.requests.length).toBe(before); // fail fast: Authentik not called

    const health = await healthReport();
    expect(health.checks.authentik?.status).toBe("down");
    expect(health.status).toBe("DEGRADED");

    fake.failures.splice(0);
    clock += 2999;
    expect(d.breaker.state()).toBe("open"); // not a millisecond early
    clock += 1;
    expect(d.breaker.state()).toBe("half-open");
    await d.listGroups(); // the trial call succeeds
    expect(d.breaker.state()).toBe("closed");
    expect((await healthReport()).checks.authentik?.status).toBe("up");
  });
});
