import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { stepUp } from "../support/step-up";
import { DEFAULT_PIDS_LIMIT, safeCreateContainer } from "@/lib/docker/safe-create";
import { db, type Database } from "@/lib/db";
import { rawDocker, requireDocker, TEST_IMAGE, TICK } from "../support/services-fixtures";

// Platform containers (ADR 026): a container without the securenexus.managed label — the console,
// its database, the socket proxy — must not be a DEVELOPER's way to SUPER_ADMIN. A real unlabelled
// busybox stands in for them: a DEVELOPER (even stepped up) cannot exec, stop or restart it and it
// keeps running; a SUPER_ADMIN stops it only after a step-up; exec into it is refused for everyone
// unless ALLOW_PLATFORM_EXEC is on. A container made by safe create still works as before.
describe("platform containers", () => {
  const run = `sec-containers-${crypto.randomBytes(4).toString("hex")}`;
  const LABEL = { "securenexus.test": run };
  let d: Database | null = null;
  let devToken: string, saToken: string, clientAdminToken: string;
  let platform: string, managed: string, clientPlatform: string;

  const gql = (token: string, query: string, variables: Record<string, unknown>) =>
    graphqlRequest(query, { token, variables });
  const control = (token: string, action: "startService" | "stopService" | "restartService", id: string) =>
    gql(token, `mutation($id: ID!) { ${action}(id: $id, timeout: 1) { id status } }`, { id });
  const exec = (token: string, id: string) =>
    gql(token, `mutation($id: ID!) { execInService(id: $id, command: ["echo", "hi"]) { exitCode stdout } }`, { id });
  const view = (token: string, id: string) =>
    gql(token, `query($id: ID!) { service(id: $id) { status managed controllable canExec logs(tail: 3) } }`, { id });
  const inspect = async (id: string) => (await rawDocker.getContainer(id).inspect()).State;
  const ready = (ctx: TestContext) => {
    if (!d) ctx.skip();
  };

  beforeAll(async () => {
    if (!(await requireDocker())) return;
    d = await installFreshDatabase("postgres");
    if (!d) return;
    const client = await db().client.create({ data: { name: "Kilo AG", domain: "kilo.test", status: "active" } });
    const dev = await createUserActor({ globalRoles: ["DEVELOPER"] });
    devToken = await tokenFor(dev);
    await stepUp(devToken); // a step-up is not what refuses the developer
    saToken = await tokenFor(await createUserActor({ globalRoles: ["SUPER_ADMIN"] }));
    clientAdminToken = await tokenFor(await createUserActor({ clients: [{ clientId: client.id, role: "admin" }] }));
    // as an operator runs them: straight on the engine, no securenexus.managed label
    const operator = async (name: string, labels: Record<string, string>) => {
      const c = await rawDocker.createContainer({
        name: `${run}-${name}`,
        Image: TEST_IMAGE,
        Cmd: TICK,
        Labels: { ...LABEL, ...labels },
      });
      await c.start();
      return c.id;
    };
    platform = await operator("postgres", {});
    // a client label alone does not make a container the product's
    clientPlatform = await operator("client-made-by-hand", { "securenexus.client": client.id });
    managed = (
      await safeCreateContainer({
        clientId: null,
        serviceType: "website",
        spec: { name: `${run}-managed`, Image: TEST_IMAGE, Cmd: TICK, Labels: LABEL },
      })
    ).containerId;
    await rawDocker.getContainer(managed).start();
  });
  afterAll(async () => {
    const mine = await rawDocker.listContainers({ all: true, filters: { label: [`securenexus.test=${run}`] } });
    await Promise.all(mine.map((c) => rawDocker.getContainer(c.Id).remove({ force: true })));
    delete process.env.ALLOW_PLATFORM_EXEC;
    (globalThis as { __snxConfig?: unknown }).__snxConfig = undefined;
    await d?.close();
  });

  it("a DEVELOPER cannot exec, stop, restart or start it: FORBIDDEN naming the rule, audited, and it keeps running", async (ctx) => {
    ready(ctx);
    const startedAt = (await inspect(platform)).StartedAt;
    for (const res of [
      await exec(devToken, platform),
      await control(devToken, "stopService", platform),
      await control(devToken, "restartService", platform),
      await control(devToken, "startService", platform),
    ]) {
      expect(res.codes).toEqual(["FORBIDDEN"]);
      expect(res.errors?.[0]?.message).toMatch(/is a platform container \(not managed by SecureNexus\)/);
    }
    expect(await inspect(platform)).toMatchObject({ Running: true, StartedAt: startedAt });
    const denied = await db().auditLog.findMany({
      where: { resourceId: platform, result: "denied" },
      select: { action: true, details: true },
    });
    expect(denied.map((r) => r.action).sort()).toEqual([
      "service.exec",
      "service.restart",
      "service.start",
      "service.stop",
    ]);
    for (const r of denied) expect((r.details as { reason: string }).reason).toMatch(/^platform container: /);
  });

  it("a DEVELOPER still reads its status and logs, and is offered no controls", async (ctx) => {
    ready(ctx);
    const res = await view(devToken, platform);
    expect(res.errors).toBeUndefined();
    expect(res.data?.service).toMatchObject({ status: "RUNNING", managed: false, controllable: false, canExec: false });
    expect((res.data?.service as { logs: string }).logs).toContain("tick");
  });

  it("a CLIENT_ADMIN cannot stop a hand-made container that carries its client's label", async (ctx) => {
    ready(ctx);
    expect((await view(clientAdminToken, clientPlatform)).data?.service).toMatchObject({
      status: "RUNNING",
      managed: false,
      controllable: false,
      canExec: false,
    });
    expect((await control(clientAdminToken, "stopService", clientPlatform)).codes).toEqual(["FORBIDDEN"]);
    expect((await inspect(clientPlatform)).Running).toBe(true);
  });

  it("a SUPER_ADMIN stops it only after a step-up", async (ctx) => {
    ready(ctx);
    expect((await view(saToken, platform)).data?.service).toMatchObject({
      managed: false,
      controllable: true,
      canExec: false,
    });
    const refused = await control(saToken, "stopService", platform);
    expect(refused.codes).toEqual(["FORBIDDEN"]);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ details: { reason: "STEP_UP_REQUIRED" } });
    expect((await inspect(platform)).Running).toBe(true);
    await stepUp(saToken);
    expect((await control(saToken, "stopService", platform)).data?.stopService).toMatchObject({ status: "STOPPED" });
    expect((await inspect(platform)).Running).toBe(false);
    expect((await control(saToken, "startService", platform)).data?.startService).toMatchObject({ status: "RUNNING" });
  });

  it("exec into it is refused for a stepped-up SUPER_ADMIN unless ALLOW_PLATFORM_EXEC is on, and then still for a DEVELOPER", async (ctx) => {
    ready(ctx);
    await stepUp(saToken);
    const off = await exec(saToken, platform);
    expect(off.codes).toEqual(["FORBIDDEN"]);
    expect(off.errors?.[0]?.message).toMatch(/exec into it is turned off for everyone \(ALLOW_PLATFORM_EXEC\)/);
    process.env.ALLOW_PLATFORM_EXEC = "true";
    (globalThis as { __snxConfig?: unknown }).__snxConfig = undefined;
    try {
      expect((await exec(saToken, platform)).data?.execInService).toEqual({ exitCode: 0, stdout: "hi\n" });
      expect((await view(saToken, platform)).data?.service).toMatchObject({ canExec: true });
      const dev = await exec(devToken, platform);
      expect(dev.codes).toEqual(["FORBIDDEN"]);
      expect(dev.errors?.[0]?.message).toMatch(/only a SUPER_ADMIN may exec into it/);
    } finally {
      delete process.env.ALLOW_PLATFORM_EXEC;
      (globalThis as { __snxConfig?: unknown }).__snxConfig = undefined;
    }
  });

  it("a container made by safe create still works for a DEVELOPER as before", async (ctx) => {
    ready(ctx);
    expect((await view(devToken, managed)).data?.service).toMatchObject({
      managed: true,
      controllable: true,
      canExec: true,
    });
    expect((await exec(devToken, managed)).data?.execInService).toEqual({ exitCode: 0, stdout: "hi\n" });
    expect((await control(devToken, "stopService", managed)).data?.stopService).toMatchObject({ status: "STOPPED" });
    expect((await control(devToken, "startService", managed)).data?.startService).toMatchObject({ status: "RUNNING" });
    expect((await control(devToken, "restartService", managed)).data?.restartService).toMatchObject({
      status: "RUNNING",
    });
    // safe create bounds the number of processes when the request did not
    expect((await rawDocker.getContainer(managed).inspect()).HostConfig.PidsLimit).toBe(DEFAULT_PIDS_LIMIT);
  });
});
