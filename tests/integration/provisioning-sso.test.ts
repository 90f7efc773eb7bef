import { describe, expect } from "vitest";
import { provisioningTest as it, type ProvisioningWorld } from "../support/fixtures";
import { FakeAuthentik } from "../support/fake-authentik";
import { runProvisioning, useTestCatalog } from "../support/provisioning";
import { db } from "@/lib/db";
import { createClient } from "@/lib/clients/write-client";
import { getProvisioning, retryProvisioning, rollbackProvisioning } from "@/lib/provisioning/provisioning";
import { readClientSecrets } from "@/lib/provisioning/secrets";
import type { Actor } from "@/lib/auth/actor";

// The SSO step against a FAKE Authentik (tests/support/fake-authentik.ts: the official client's
// JSON shapes, not Authentik itself, which cannot run here): one OAuth2 provider and one
// application per client, made once even when the step runs again, removed by a rollback.

describe("provisioning SSO through Authentik's API (FAKE Authentik, PostgreSQL + Docker)", () => {
  let p: ProvisioningWorld | null = null;
  let admin: Actor;
  const fake = new FakeAuthentik();
  let made: string[];
  const tag = Math.random().toString(36).slice(2, 7);

  // the world's test catalog first, then this file's Authentik in it
  it.beforeAll(async ({ provisioning }) => {
    if (!(p = provisioning)) return;
    ({ admin, made } = p);
    const url = await fake.start();
    useTestCatalog({ AUTHENTIK_URL: url, AUTHENTIK_TOKEN: fake.token });
  });
  it.afterAll(async () => {
    await fake.stop();
    delete process.env.AUTHENTIK_URL;
    delete process.env.AUTHENTIK_TOKEN;
    (globalThis as { __snxConfig?: unknown }).__snxConfig = undefined;
  });

  it("an Authentik outage fails sso with its error; the retry makes one provider and one application", async ({
    skip,
  }) => {
    if (!p) return skip();
    const client = await createClient({
      actor: admin,
      input: { name: "Sso Co", domain: `sso-${tag}.test`, services: ["PORTAL"] },
    });
    made.push(client.id);
    fake.failuresFor.push({ method: "POST", path: /\/core\/applications\/$/, failure: { status: 503 } });
    expect((await runProvisioning(client.id, { timeoutMs: 180_000 })).status).toBe("failed");
    const failed = await getProvisioning({ actor: admin, clientId: client.id });
    expect(failed?.currentStep).toBe("sso");
    expect(failed?.error).toMatch(/Authentik refused .*HTTP 503/);

    await retryProvisioning({ actor: admin, clientId: client.id, fromStep: "sso" });
    expect((await runProvisioning(client.id, { timeoutMs: 180_000 })).status).toBe("succeeded");
    const short = client.id.replace(/-/g, "").slice(0, 12);
    expect([...fake.providers.values()].map((p) => p.name)).toEqual([`snx-${short}`]);
    const provider = [...fake.providers.values()][0]!;
    expect(provider.clientSecret).toBe((await readClientSecrets(client.id, "sso.")).client_secret);
    expect(provider.redirectUris.map((r) => r.url)).toEqual([`^https://portal\\.sso-${tag}\\.test/.*$`]);
    expect([...fake.applications.values()]).toEqual([
      { name: "Sso Co", slug: `snx-${short}`, provider: provider.pk, metaLaunchUrl: `https://portal.sso-${tag}.test/` },
    ]);
    const step = (await getProvisioning({ actor: admin, clientId: client.id }))?.steps.find((s) => s.name === "sso");
    expect(step).toMatchObject({ status: "succeeded", executions: 2 });
  }, 420_000);

  it("a rollback removes the provider the failed step had made", async ({ skip }) => {
    if (!p) return skip();
    const client = await createClient({
      actor: admin,
      input: { name: "Sso Two", domain: `sso2-${tag}.test`, services: ["ERP"] },
    });
    made.push(client.id);
    const short = client.id.replace(/-/g, "").slice(0, 12);
    fake.failuresFor.push({
      method: "POST",
      path: /\/core\/applications\/$/,
      failure: { status: 400, body: { slug: ["invalid"] } },
    });
    expect((await runProvisioning(client.id, { timeoutMs: 180_000 })).status).toBe("failed");
    expect([...fake.providers.values()].some((p) => p.name === `snx-${short}`)).toBe(true);

    await rollbackProvisioning({ actor: admin, clientId: client.id });
    expect((await runProvisioning(client.id, { timeoutMs: 180_000 })).status).toBe("rolled_back");
    expect([...fake.providers.values()].some((p) => p.name === `snx-${short}`)).toBe(false);
    expect(fake.applications.has(`snx-${short}`)).toBe(false);
    expect(await db().clientSecret.count({ where: { clientId: client.id } })).toBe(0);
  }, 420_000);
});
