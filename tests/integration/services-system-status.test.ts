import Docker from "dockerode";
import { describe, expect } from "vitest";
import { servicesTest as it, type ServicesWorld } from "../support/fixtures";
import { createUserActor } from "../support/actors";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { docker } from "@/lib/docker/connection";
import { createTicker } from "../support/services-fixtures";

// systemStatus with containers counted in the actor's scope and host figures; with the engine
// unreachable it degrades (count 0, DEGRADED) and services says UNAVAILABLE plainly.
describe("systemStatus and an unreachable Docker engine", () => {
  let w: ServicesWorld | null = null;
  let prefix: string;
  let adminToken: string, aliceToken: string;
  const q = "{ systemStatus { containerCount clientCount cpuUsage memoryUsage diskUsage health } }";

  it.beforeAll(async ({ world }) => {
    if (!(w = world)) return;
    const a = w.alpha;
    prefix = w.prefix;
    adminToken = await tokenFor(await createUserActor({ globalRoles: ["SUPER_ADMIN"] }));
    aliceToken = await tokenFor(await createUserActor({ clients: [{ clientId: a.id, role: "user" }] }));
    await createTicker(`${prefix}a`, { clientId: a.id });
    await createTicker(`${prefix}sys`, { clientId: null });
  });

  it("counts containers in the actor's scope and reports host usage as percentages", async ({ skip }) => {
    if (!w) return skip();
    const admin = await graphqlRequest(q, { token: adminToken });
    const alice = await graphqlRequest(q, { token: aliceToken });
    expect(alice.data?.systemStatus).toMatchObject({ containerCount: 1, clientCount: 1 });
    const s = admin.data?.systemStatus as Record<string, number>;
    expect(s.containerCount).toBeGreaterThanOrEqual(2);
    for (const k of ["cpuUsage", "memoryUsage", "diskUsage"]) {
      expect(s[k]).toBeGreaterThanOrEqual(0);
      expect(s[k]).toBeLessThanOrEqual(100);
    }
    expect(s.memoryUsage).toBeGreaterThan(0);
    expect(s.diskUsage).toBeGreaterThan(0);
  });

  it("engine unreachable: DEGRADED with 0 containers, services UNAVAILABLE; then back", async ({ skip }) => {
    if (!w) return skip();
    const real = docker("local");
    const clients = (globalThis as { __snxDocker?: Map<string, Docker> }).__snxDocker!;
    clients.set("local", new Docker({ socketPath: "/nonexistent/docker.sock" }));
    try {
      const status = await graphqlRequest(q, { token: adminToken });
      expect(status.data?.systemStatus).toMatchObject({ containerCount: 0, health: "DEGRADED" });
      const list = await graphqlRequest("{ services { id } }", { token: adminToken });
      expect(list.codes).toEqual(["UNAVAILABLE"]);
      expect(list.errors?.[0]?.message).toMatch(/Docker engine is not reachable/);
    } finally {
      clients.set("local", real);
    }
    const back = await graphqlRequest(`query($f: ServiceFilter) { services(filter: $f) { name } }`, {
      token: adminToken,
      variables: { f: { search: prefix } },
    });
    expect(back.data?.services).toHaveLength(2);
  });
});
