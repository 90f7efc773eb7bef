import { describe, expect } from "vitest";
import { servicesTest as it, type ServicesWorld } from "../support/fixtures";
import { createUserActor } from "../support/actors";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { getService, listServices, serviceLogsTail } from "@/lib/services/list-services";
import { restartService, startService, stopService } from "@/lib/services/control-service";
import { sampleOnce, cachedUsage } from "@/lib/docker/stats-sampler";
import { safeCreateContainer } from "@/lib/docker/safe-create";
import { createTicker, rawDocker, stateOf, TEST_IMAGE, TICK, waitForTicks } from "../support/services-fixtures";

// Services against the real engine: what a user would read in the list and the detail, and
// start/stop/restart changing the real container with an audit row each.
describe("services against the real Docker engine", () => {
  let w: ServicesWorld | null = null;
  let prefix: string;
  let admin: Actor, clientUser: Actor;
  let web: string, db1: string, plain: string;
  let clientId: string;

  it.beforeAll(async ({ world }) => {
    if (!(w = world)) return;
    prefix = w.prefix;
    const c = w.alpha;
    clientId = c.id;
    admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    clientUser = await createUserActor({ clients: [{ clientId, role: "user" }] });
    web = await createTicker(`${prefix}web`, { clientId, type: "website", ports: true });
    db1 = await createTicker(`${prefix}db`, { clientId, type: "database", start: false });
    // no type label value we know: inferred from the image name ("busybox" → OTHER)
    plain = await createTicker(`${prefix}plain`, { clientId: null, type: "unknown-kind" });
  });

  it("safe-create makes a real, running container with the product's labels", async ({ skip }) => {
    if (!w) return skip();
    const info = await rawDocker.getContainer(web).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.Config.Labels).toMatchObject({
      "securenexus.managed": "true",
      "securenexus.client": clientId,
      "securenexus.service.type": "website",
    });
  });

  it("lists services with name, type, status, image, ports and client", async ({ skip }) => {
    if (!w) return skip();
    const list = await listServices({ actor: admin, filter: { search: prefix } });
    const byName = Object.fromEntries(list.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual([`${prefix}db`, `${prefix}plain`, `${prefix}web`]);
    const row = byName[`${prefix}web`]!;
    expect(row).toMatchObject({ id: web, type: "WEBSITE", status: "RUNNING", image: "local/busybox:1", clientId });
    expect(row.ports).toHaveLength(1);
    expect(row.ports[0]).toMatchObject({ privatePort: 8080, protocol: "tcp", ip: "127.0.0.1" });
    expect(row.ports[0]!.publicPort).toBeGreaterThan(0);
    expect(Math.abs(row.created.getTime() - Date.now())).toBeLessThan(120_000);
    expect(byName[`${prefix}db`]).toMatchObject({ type: "DATABASE", status: "STOPPED" });
    expect(byName[`${prefix}plain`]).toMatchObject({ type: "OTHER", clientId: null });
    expect(row.health.status).toBe("NONE");
    const stopped = await listServices({ actor: admin, filter: { search: prefix, status: "STOPPED" } });
    expect(stopped.map((s) => s.name)).toEqual([`${prefix}db`]);
    const dbs = await listServices({ actor: admin, filter: { search: prefix, type: "DATABASE" } });
    expect(dbs.map((s) => s.id)).toEqual([db1]);
  });

  it("a client user sees its client's containers, not system ones", async ({ skip }) => {
    if (!w) return skip();
    const list = await listServices({ actor: clientUser, filter: { search: prefix } });
    expect(list.map((s) => s.name).sort()).toEqual([`${prefix}db`, `${prefix}web`]);
    await expect(getService({ actor: clientUser, id: plain })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("service(id) gives the detail with a logs tail, stderr marked", async ({ skip }) => {
    if (!w) return skip();
    await waitForTicks(web, 2); // the second tick follows the first oops: a line on each stream to tail
    const s = await getService({ actor: admin, id: web });
    expect(s).toMatchObject({ name: `${prefix}web`, status: "RUNNING" });
    const logs = await serviceLogsTail({ actor: clientUser, id: web, tail: 10 });
    expect(logs).toContain("tick\n");
    expect(logs).toContain("[stderr] oops");
  });

  it("resource usage comes from the background sampler's cache", async ({ skip }) => {
    if (!w) return skip();
    await sampleOnce();
    await sampleOnce();
    const usage = cachedUsage({ host: "local", containerId: web });
    expect(usage.sampledAt).toBeInstanceOf(Date);
    expect(usage.memoryUsage).toBeGreaterThan(0);
    expect((await getService({ actor: admin, id: web })).resourceUsage.sampledAt).toEqual(usage.sampledAt);
  });

  it("stop, start and restart change the real container and write audit rows", async ({ skip }) => {
    if (!w) return skip();
    const stopped = await stopService({ actor: admin, id: web, timeout: 5 });
    expect(stopped.status).toBe("STOPPED");
    expect(stopped.ports).toEqual([{ privatePort: 8080, publicPort: null, protocol: "tcp", ip: "127.0.0.1" }]); // configured, not live
    expect(await stateOf(web)).toBe("exited");
    const started = await startService({ actor: admin, id: web });
    expect(started.status).toBe("RUNNING");
    expect(await stateOf(web)).toBe("running");
    const before = (await rawDocker.getContainer(web).inspect()).State.StartedAt;
    const restarted = await restartService({ actor: admin, id: web, timeout: 2 });
    expect(restarted.status).toBe("RUNNING");
    expect((await rawDocker.getContainer(web).inspect()).State.StartedAt).not.toBe(before);
    const rows = await db().auditLog.findMany({ where: { resourceId: web }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.action, r.result, r.userId])).toEqual([
      ["service.stop", "success", admin.userId],
      ["service.start", "success", admin.userId],
      ["service.restart", "success", admin.userId],
    ]);
    expect(rows[0]!.details).toMatchObject({ name: `${prefix}web`, timeout: 5, clientId });
  });

  it("a client user may not stop its own service: FORBIDDEN, audited as denied, container untouched", async ({
    skip,
  }) => {
    if (!w) return skip();
    await expect(stopService({ actor: clientUser, id: web })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await stateOf(web)).toBe("running");
    const row = await db().auditLog.findFirst({ where: { resourceId: web, userId: clientUser.userId } });
    expect(row).toMatchObject({ action: "service.stop", result: "denied" });
  });

  it("an unknown id and a bad timeout are refused plainly", async ({ skip }) => {
    if (!w) return skip();
    await expect(getService({ actor: admin, id: "0123456789ab" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getService({ actor: admin, id: "../../images/json" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stopService({ actor: admin, id: web, timeout: -1 })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("health from a real failing healthcheck, and a crashed service is ERROR", async ({ skip }) => {
    if (!w) return skip();
    const sick = await safeCreateContainer({
      clientId,
      serviceType: "portal",
      spec: {
        name: `${prefix}sick`,
        Image: TEST_IMAGE,
        Cmd: TICK,
        Healthcheck: {
          Test: ["CMD-SHELL", "echo db down; exit 1"],
          Interval: 300_000_000,
          Retries: 1,
          Timeout: 1_000_000_000,
        },
      },
    });
    const crash = await safeCreateContainer({
      clientId,
      serviceType: "erp",
      spec: { name: `${prefix}crash`, Image: TEST_IMAGE, Cmd: ["sh", "-c", "exit 3"] },
    });
    await rawDocker.getContainer(sick.containerId).start();
    await rawDocker.getContainer(crash.containerId).start();
    await rawDocker.getContainer(crash.containerId).wait(); // it has exited (code 3) before we look
    let health = (await getService({ actor: admin, id: sick.containerId })).health;
    for (let i = 0; i < 40 && health.status !== "UNHEALTHY"; i++) {
      await new Promise((r) => setTimeout(r, 250));
      health = (await getService({ actor: admin, id: sick.containerId })).health;
    }
    expect(health).toMatchObject({ status: "UNHEALTHY", lastOutput: "db down" });
    expect(health.failingStreak).toBeGreaterThanOrEqual(1);
    expect(health.checkedAt).toBeInstanceOf(Date);
    // the list reads the same details (inspected only for containers that have a healthcheck)
    const listed = (await listServices({ actor: admin, filter: { search: `${prefix}sick` } }))[0]!;
    expect(listed.health).toMatchObject({ status: "UNHEALTHY", lastOutput: "db down" });
    const crashed = (await listServices({ actor: admin, filter: { search: `${prefix}crash` } }))[0]!;
    expect(crashed).toMatchObject({ status: "ERROR", type: "ERP" });
    expect((await getService({ actor: admin, id: crash.containerId })).status).toBe("ERROR");
  });
});
