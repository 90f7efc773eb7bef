import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthentikDirectory } from "@/lib/directory/authentik";
import { CachedDirectory, memoryStore, redisStore, type CacheStore } from "@/lib/directory/cache";
import { requireService, SERVICE_URLS } from "../support/services";
import { FakeAuthentik } from "../support/fake-authentik";

// The read cache in front of Authentik (the FAKE of tests/support/fake-authentik.ts): repeated
// reads do not reach Authentik; a change made through the console is visible at once.
const fake = new FakeAuthentik();
let url = "";
beforeAll(async () => {
  url = await fake.start();
  fake.addUser({ username: "kim", lastLogin: new Date("2026-01-02T03:04:05Z") });
});
afterAll(() => fake.stop());

const stores: [string, () => Promise<CacheStore | null>][] = [
  ["memory", async () => memoryStore()],
  ["redis", async () => ((await requireService("Redis", SERVICE_URLS.redis)) ? redisStore(SERVICE_URLS.redis) : null)],
];

describe.each(stores)("directory cache (%s)", (_name, makeStore) => {
  it("serves repeated reads from the cache and drops them on a change", async () => {
    const store = await makeStore();
    if (!store) return;
    await store.bump(); // a fresh generation: nothing from earlier runs
    const d = new CachedDirectory(new AuthentikDirectory({ url, token: fake.token }), store, 60_000);
    const group = fake.addGroup(`team-${Math.random().toString(36).slice(2, 8)}`);
    const kim = (await d.listUsers({ search: "kim" }, { page: 1, pageSize: 10 })).items[0]!;
    expect(kim.lastLogin).toEqual(new Date("2026-01-02T03:04:05Z"));

    const count = () => fake.requests.length;
    const before = count();
    const again = await d.listUsers({ search: "kim" }, { page: 1, pageSize: 10 });
    expect(count()).toBe(before); // not asked again
    expect(again.items[0]!.lastLogin).toBeInstanceOf(Date);
    await d.listGroups();
    const afterGroups = count();
    await d.listGroups();
    expect(count()).toBe(afterGroups);

    await d.addUserToGroup(group.pk, kim.id);
    const groups = await d.listGroups();
    expect(groups.find((g) => g.id === group.pk)?.memberIds).toEqual([kim.id]);
    expect((await d.getUser(kim.id))?.groups.map((g) => g.name)).toContain(group.name);
  });
});
