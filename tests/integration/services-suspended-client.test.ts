import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { stepUp } from "../support/step-up";
import { db, type Database } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { createClient } from "@/lib/clients/write-client";
import { deleteClient, resumeClient, suspendClient } from "@/lib/clients/lifecycle";
import { removeClientContainers } from "@/lib/clients/client-containers";
import { restartService, startService, stopService } from "@/lib/services/control-service";
import {
  createTicker,
  rawDocker,
  removeByPrefix,
  requireDocker,
  runPrefix,
  stateOf,
} from "../support/services-fixtures";

// A suspended client's containers stay stopped: its CLIENT_ADMIN (or anyone) cannot start them
// again one by one; the refusal is a CONFLICT with an audited denial, against the real engine.
describe.each(ENGINES)("services of a suspended client on %s", (engine) => {
  const prefix = runPrefix();
  let d: Database | null = null;
  let ok = false;
  let sa: Actor, clientAdmin: Actor;
  let client: { id: string };
  let web: string;

  beforeAll(async () => {
    ok = await requireDocker();
    if (!ok) return;
    d = await installFreshDatabase(engine);
    if (!d) return;
    sa = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    client = await createClient({ actor: sa, input: { name: "Juliet", domain: `juliet-${engine}.test` } });
    clientAdmin = await createUserActor({ clients: [{ clientId: client.id, role: "admin" }] });
    web = await createTicker(`${prefix}juliet-web`, { clientId: client.id, type: "website" });
  }, 60_000);
  afterAll(async () => {
    if (ok) await removeByPrefix(prefix);
    await d?.close();
  });

  it("refuses start and restart while suspended (CONFLICT, audited denial), allows stop, and starts again after resume", async (context) => {
    if (!d) return context.skip();
    await suspendClient({ actor: sa, id: client.id });
    expect(await stateOf(web)).toBe("exited");

    for (const [actor, run] of [
      [clientAdmin, startService],
      [clientAdmin, restartService],
      [sa, startService],
    ] as const) {
      const err = await run({ actor, id: web }).catch((e: Error & { code: string }) => e);
      expect(err).toMatchObject({
        code: "CONFLICT",
        message: "Client Juliet is suspended: its services cannot be started until the client is resumed",
      });
    }
    expect(await stateOf(web)).toBe("exited");
    const denied = await db().auditLog.findMany({
      where: { resourceId: web, result: "denied" },
      orderBy: { createdAt: "asc" },
    });
    expect(denied.map((r) => [r.action, (r.details as { reason: string }).reason])).toEqual([
      ["service.start", "client suspended"],
      ["service.restart", "client suspended"],
      ["service.start", "client suspended"],
    ]);
    expect(await db().auditLog.count({ where: { resourceId: web, result: "success" } })).toBe(0);
    // Stopping a suspended client's service changes nothing it should not.
    expect((await stopService({ actor: clientAdmin, id: web })).status).toBe("STOPPED");

    await resumeClient({ actor: sa, id: client.id });
    await stopService({ actor: clientAdmin, id: web });
    expect((await startService({ actor: clientAdmin, id: web })).status).toBe("RUNNING");
    expect(await stateOf(web)).toBe("running");
  }, 60_000);

  it("removing a client's containers goes through lib/docker and is idempotent", async (context) => {
    if (!d) return context.skip();
    const other = await createTicker(`${prefix}juliet-db`, { clientId: client.id, type: "database", start: false });
    const removed = await removeClientContainers(client.id);
    expect(removed.sort()).toEqual([web, other].sort());
    expect(
      await rawDocker.listContainers({ all: true, filters: { label: [`securenexus.client=${client.id}`] } }),
    ).toEqual([]);
    expect(await removeClientContainers(client.id)).toEqual([]);
    await stepUp(sa);
    expect(await deleteClient({ actor: sa, id: client.id })).toBe(true);
  }, 60_000);
});
