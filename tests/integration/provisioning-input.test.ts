import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { runProvisioning, useTestCatalog } from "../support/provisioning";
import { db, type Database } from "@/lib/db";
import { createClient } from "@/lib/clients/write-client";
import { getProvisioning, retryProvisioning } from "@/lib/provisioning/provisioning";
import { events } from "@/lib/events";
import type { Actor } from "@/lib/auth/actor";

// What needs no Docker, on both engines: bad provisioning input is refused before anything is
// written; a client with no services is provisioned to its DNS zone and made ACTIVE, with the
// status and progress events a live view follows; the catalog is offered through GraphQL.

describe.each(ENGINES)("provisioning input and a service-less client on %s", (engine) => {
  let d: Database | null;
  let admin: Actor;
  const tag = Math.random().toString(36).slice(2, 7);

  beforeAll(async () => {
    useTestCatalog();
    d = await installFreshDatabase(engine);
    if (d) admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
  });
  afterAll(async () => d?.close());

  const counts = async () => [await db().client.count(), await db().provisioningRun.count(), await db().job.count()];

  it.for<[string, Record<string, unknown>, RegExp]>([
    ["an unknown service type", { services: ["NOPE"] }, /services/],
    ["a service type twice", { services: ["CACHE", "CACHE"] }, /twice/],
    [
      "a logo over 48 KB",
      { services: [], branding: { logo: `data:image/png;base64,${Buffer.alloc(60_000).toString("base64")}` } },
      /logo.*48 KB/,
    ],
    ["a logo that is not an image", { services: [], branding: { logo: "data:text/html;base64,PGI+" } }, /logo/],
    ["a colour that is not #rrggbb", { services: [], branding: { accentColor: "blue" } }, /accentColor/],
  ])("refuses %s with VALIDATION and writes nothing", async ([, extra, message], context) => {
    if (!d) return context.skip();
    const before = await counts();
    await expect(
      createClient({ actor: admin, input: { name: "Bad Input", domain: `bad-${tag}.test`, ...extra } }),
    ).rejects.toMatchObject({ code: "VALIDATION", message });
    expect(await counts()).toEqual(before);
  });

  it("provisions a client without services: zone with its apex address, then ACTIVE; events on the bus", async (context) => {
    if (!d) return context.skip();
    const seen: string[] = [];
    const offStatus = events().subscribe("client.status", (e) => seen.push(`status ${e.status}`));
    const offProgress = events().subscribe("client.provisioning", (e) =>
      seen.push(`progress ${e.step ?? "-"} ${e.status} ${e.percent}`),
    );
    try {
      const client = await createClient({
        actor: admin,
        input: { name: "Bare Co", domain: `bare-${tag}.test`, services: [], plan: "starter" },
      });
      expect(client.status).toBe("provisioning");
      expect((client.metadata as { plan?: string }).plan).toBe("starter");
      const run = await runProvisioning(client.id, { timeoutMs: 120_000 });
      expect(run.status).toBe("succeeded");
      const view = await getProvisioning({ actor: admin, clientId: client.id });
      expect(view?.steps.map((s) => `${s.name} ${s.status}`)).toEqual([
        "validate succeeded",
        "secrets succeeded",
        "database succeeded",
        "resources skipped",
        "dns succeeded",
        "tls skipped",
        "deploy skipped",
        "sso skipped",
        "branding skipped",
        "notify succeeded",
      ]);
      const zone = await db().dnsZone.findUniqueOrThrow({ where: { name: client.domain }, include: { records: true } });
      expect(zone.records.filter((r) => r.type === "A").map((r) => `${r.name} ${r.value}`)).toEqual(["@ 192.0.2.10"]);
      expect((await db().client.findUniqueOrThrow({ where: { id: client.id } })).status).toBe("active");
      expect(seen[0]).toBe("status provisioning");
      expect(seen).toContain("progress dns succeeded 50");
      expect(seen).toContain("status active");
      expect(seen.at(-1)).toBe("progress - succeeded 100");
      // A finished provisioning is not retried.
      await expect(retryProvisioning({ actor: admin, clientId: client.id, fromStep: "dns" })).rejects.toMatchObject({
        code: "CONFLICT",
      });
    } finally {
      offStatus();
      offProgress();
    }
  }, 240_000);

  it("offers the service catalog through GraphQL, placeholders and never values", async (context) => {
    if (!d) return context.skip();
    const r = await graphqlRequest(
      "{ serviceTemplates { type name image env { name value } secrets httpPort subdomain memoryMb } }",
      { token: await tokenFor(admin) },
    );
    const list = r.data?.serviceTemplates as { type: string; image: string; env: { name: string; value: string }[] }[];
    expect(list.map((t) => t.type).sort()).toEqual([
      "CACHE",
      "DATABASE",
      "DNS",
      "EMAIL",
      "ERP",
      "MONITORING",
      "PORTAL",
      "WEBSITE",
    ]);
    expect(list.every((t) => t.image === "local/busybox:1")).toBe(true);
    expect(list[0]!.env).toContainEqual({ name: "SERVICE_PASSWORD", value: "${secret:password}" });
  });
});
