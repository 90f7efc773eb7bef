import { describe, expect } from "vitest";
import { provisioningTest as it, type ProvisioningWorld } from "../support/fixtures";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { createTicker } from "../support/services-fixtures";
import { dockerObjectsOf, rawDocker, runProvisioning } from "../support/provisioning";
import { db } from "@/lib/db";
import { createClient } from "@/lib/clients/write-client";
import { createZone } from "@/lib/dns/zones";
import { createRecord, deleteRecord } from "@/lib/dns/records";
import { getProvisioning, retryProvisioning, rollbackProvisioning } from "@/lib/provisioning/provisioning";
import type { Actor } from "@/lib/auth/actor";

// A failing step leaves the client PROVISIONING with the step and its error shown; an operator
// fixes the cause and retries from that step, or rolls back, which removes exactly what
// provisioning made (not what was there before) in reverse order. PostgreSQL + real Docker.

const RUN = `
  query($id: ID!) { clientProvisioning(clientId: $id) { status currentStep percent error steps { name status error skippedReason } log } }`;

describe("provisioning failures: retry and rollback (PostgreSQL + Docker)", () => {
  let p: ProvisioningWorld | null = null;
  let admin: Actor;
  let token: string;
  let made: string[];
  const tag = Math.random().toString(36).slice(2, 7);

  it.beforeAll(async ({ provisioning }) => {
    if (!(p = provisioning)) return;
    ({ admin, made } = p);
    token = await tokenFor(admin);
  });
  it.afterAll(async () => {
    await rawDocker
      .getContainer(`blocker-${tag}`)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it("a DNS conflict stops at dns with the error shown; removing the conflict and retrying from dns finishes", async ({
    skip,
  }) => {
    if (!p) return skip();
    const domain = `conflict-${tag}.test`;
    // An operator already serves www as an address: provisioning's www CNAME cannot coexist.
    await createZone({ actor: admin, input: { name: domain, nameservers: ["ns1.example.net"] } });
    const www = await createRecord({
      actor: admin,
      zone: domain,
      input: { name: "www", type: "A", value: "198.51.100.7" },
    });
    const client = await createClient({
      actor: admin,
      input: { name: "Conflict Co", domain, services: ["WEBSITE", "DATABASE"] },
    });
    made.push(client.id);

    expect((await runProvisioning(client.id, { timeoutMs: 180_000 })).status).toBe("failed");
    const shown = await graphqlRequest(RUN, { token, variables: { id: client.id } });
    const run = shown.data?.clientProvisioning as {
      status: string;
      currentStep: string;
      error: string;
      percent: number;
      steps: { name: string; status: string; error: string | null }[];
      log: string[];
    };
    expect(run.status).toBe("FAILED");
    expect(run.currentStep).toBe("DNS");
    expect(run.error).toMatch(/CNAME|www/i);
    expect(run.steps.find((s) => s.name === "DNS")).toMatchObject({ status: "FAILED", error: run.error });
    expect(run.steps.filter((s) => s.status === "SUCCEEDED").map((s) => s.name)).toEqual([
      "VALIDATE",
      "SECRETS",
      "DATABASE",
      "RESOURCES",
    ]);
    expect(run.percent).toBe(40);
    expect(run.log.at(-1)).toMatch(/\[dns\] failed:/);
    expect((await db().client.findUniqueOrThrow({ where: { id: client.id } })).status).toBe("provisioning");
    expect((await dockerObjectsOf(client.id)).containers).toEqual([]);

    // Retrying from a step after the failed one would skip it: refused.
    await expect(retryProvisioning({ actor: admin, clientId: client.id, fromStep: "deploy" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await deleteRecord({ actor: admin, id: www.id });
    const retried = await graphqlRequest(
      `mutation($id: ID!) { retryProvisioning(clientId: $id, fromStep: DNS) { status } }`,
      { token, variables: { id: client.id } },
    );
    expect(retried.data).toEqual({ retryProvisioning: { status: "QUEUED" } });
    expect((await runProvisioning(client.id, { timeoutMs: 180_000 })).status).toBe("succeeded");
    const steps = await db().provisioningStep.findMany({
      where: { run: { clientId: client.id } },
      orderBy: { position: "asc" },
    });
    expect(steps.filter((s) => s.executions === 2).map((s) => s.name)).toEqual(["dns"]);
    expect((await db().client.findUniqueOrThrow({ where: { id: client.id } })).status).toBe("active");
    expect((await dockerObjectsOf(client.id)).containers.map((c) => c.state)).toEqual(["running", "running"]);
    // Only a failed provisioning can be rolled back.
    await expect(rollbackProvisioning({ actor: admin, clientId: client.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  }, 480_000);

  it("a name taken by a foreign container fails deploy; rollback removes what provisioning made and nothing else", async ({
    skip,
  }) => {
    if (!p) return skip();
    const domain = `rollback-${tag}.test`;
    // The zone exists already with a record of its own: both must survive the rollback.
    await createZone({ actor: admin, input: { name: domain, nameservers: ["ns1.example.net"] } });
    await createRecord({
      actor: admin,
      zone: domain,
      input: { name: "@", type: "TXT", value: "kept by the operator" },
    });
    const client = await createClient({
      actor: admin,
      input: { name: "Rollback Co", domain, services: ["WEBSITE", "DATABASE"], branding: { primaryColor: "#123456" } },
    });
    made.push(client.id);
    const short = client.id.replace(/-/g, "").slice(0, 12);
    // Something that is not this client's takes the database container's name.
    await rawDocker
      .getContainer(`blocker-${tag}`)
      .remove({ force: true })
      .catch(() => undefined);
    const blocker = await createTicker(`snx-${short}-database`, { clientId: null });

    expect((await runProvisioning(client.id, { timeoutMs: 180_000 })).status).toBe("failed");
    const failed = await getProvisioning({ actor: admin, clientId: client.id });
    expect(failed?.currentStep).toBe("deploy");
    expect(failed?.error).toMatch(/already exists and was not made by this client's provisioning/);
    const before = await dockerObjectsOf(client.id);
    expect(before.containers.map((c) => c.name)).toEqual([`snx-${short}-website`]);
    expect(before.volumes).toHaveLength(2);

    const requested = await graphqlRequest(`mutation($id: ID!) { rollbackProvisioning(clientId: $id) { status } }`, {
      token,
      variables: { id: client.id },
    });
    expect(requested.data).toEqual({ rollbackProvisioning: { status: "ROLLING_BACK" } });
    expect((await runProvisioning(client.id, { timeoutMs: 180_000 })).status).toBe("rolled_back");

    expect(await dockerObjectsOf(client.id)).toEqual({ containers: [], volumes: [], networks: [] });
    expect((await rawDocker.getContainer(blocker).inspect()).Name).toBe(`/snx-${short}-database`);
    const zone = await db().dnsZone.findUniqueOrThrow({ where: { name: domain }, include: { records: true } });
    expect(zone.records.map((r) => `${r.name} ${r.type} ${r.value}`).sort()).toEqual([
      "@ NS ns1.example.net",
      "@ TXT kept by the operator",
    ]);
    expect(await db().service.count({ where: { clientId: client.id } })).toBe(0);
    expect(await db().clientSecret.count({ where: { clientId: client.id } })).toBe(0);
    const row = await db().client.findUniqueOrThrow({ where: { id: client.id } });
    expect([row.status, Boolean(row.deletedAt)]).toEqual(["deleted", true]);
    const audit = await db().auditLog.findMany({
      where: { resourceId: client.id, action: { startsWith: "client.provision" } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => [a.action, a.result])).toEqual([
      ["client.provision", "failure"],
      ["client.provision.rollback.request", "success"],
      ["client.provision.rollback", "success"],
    ]);
    await rawDocker.getContainer(blocker).remove({ force: true });
  }, 480_000);

  it("a rolled-back client reads as NOT_FOUND, and its rollback cannot be asked again", async ({ skip }) => {
    if (!p) return skip();
    const rolled = made[1]!;
    await expect(rollbackProvisioning({ actor: admin, clientId: rolled })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getProvisioning({ actor: admin, clientId: rolled })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
