import { describe, expect } from "vitest";
import { provisioningTest as it, type ProvisioningWorld } from "../support/fixtures";
import { dockerObjectsOf, rawDocker, runProvisioning } from "../support/provisioning";
import { db } from "@/lib/db";
import { createClient } from "@/lib/clients/write-client";
import { getProvisioning } from "@/lib/provisioning/provisioning";
import { demux } from "@/lib/docker/containers";
import { DEFAULT_PIDS_LIMIT } from "@/lib/docker/safe-create";
import type { Actor } from "@/lib/auth/actor";

// A client with three services from the test catalog, provisioned end to end on PostgreSQL and
// the real Docker engine: containers running with their labels (Traefik's included), the
// client's network and volumes, DNS records written, secrets sealed, branding in the containers.

const LOGO = `data:image/png;base64,${Buffer.from("\x89PNG fake but small").toString("base64")}`;

describe("provisioning a 3-service client (PostgreSQL + Docker)", () => {
  let p: ProvisioningWorld | null = null;
  let admin: Actor;
  let made: string[];

  it.beforeAll(async ({ provisioning }) => {
    if (!(p = provisioning)) return;
    ({ admin, made } = p);
  });

  it("runs every step and leaves an ACTIVE client with real containers, DNS records and labels", async ({ skip }) => {
    if (!p) return skip();
    const suffix = Math.random().toString(36).slice(2, 8);
    const client = await createClient({
      actor: admin,
      input: {
        name: "Acme Three",
        domain: `acme-${suffix}.test`,
        services: ["WEBSITE", "PORTAL", "DATABASE"],
        plan: "business",
        branding: { logo: LOGO, primaryColor: "#112233", accentColor: "#445566" },
      },
    });
    made.push(client.id);
    expect(client.status).toBe("provisioning");
    const queued = await getProvisioning({ actor: admin, clientId: client.id });
    expect(queued?.status).toBe("queued");

    const run = await runProvisioning(client.id, { timeoutMs: 180_000 });
    const view = await getProvisioning({ actor: admin, clientId: client.id });
    expect(view?.error).toBeNull();
    expect(run.status).toBe("succeeded");
    expect(view?.percent).toBe(100);
    expect(view?.steps.map((s) => [s.name, s.status])).toEqual([
      ["validate", "succeeded"],
      ["secrets", "succeeded"],
      ["database", "succeeded"],
      ["resources", "succeeded"],
      ["dns", "succeeded"],
      ["tls", "succeeded"],
      ["deploy", "succeeded"],
      ["sso", "skipped"],
      ["branding", "succeeded"],
      ["notify", "succeeded"],
    ]);
    expect(view?.steps.find((s) => s.name === "sso")?.skippedReason).toMatch(/Authentik is not configured/);
    expect((await db().client.findUniqueOrThrow({ where: { id: client.id } })).status).toBe("active");

    // Docker: three running containers, one network, three volumes, all labelled for the client.
    const objects = await dockerObjectsOf(client.id);
    expect(objects.containers).toHaveLength(3);
    expect(objects.containers.every((c) => c.state === "running")).toBe(true);
    expect(objects.networks).toHaveLength(1);
    expect(objects.volumes).toHaveLength(3);
    const web = objects.containers.find((c) => c.name.endsWith("-website"))!;
    expect(web.labels).toMatchObject({
      // managed: made by safe create, so controllable by the client's roles (ADR 026)
      "securenexus.managed": "true",
      "securenexus.client": client.id,
      "securenexus.service.type": "WEBSITE",
      "securenexus.provisioning": run.id,
      "traefik.enable": "true",
      [`traefik.http.routers.${web.name}.rule`]: `Host(\`www.${client.domain}\`)`,
      [`traefik.http.routers.${web.name}.tls.certresolver`]: "le",
      [`traefik.http.services.${web.name}.loadbalancer.server.port`]: "8080",
    });
    const db_ = objects.containers.find((c) => c.name.endsWith("-database"))!;
    expect(Object.keys(db_.labels).some((k) => k.startsWith("traefik.http.routers"))).toBe(false);

    // The secret reached the container; the database holds it sealed only.
    const inspect = await rawDocker.getContainer(web.id).inspect();
    const password = inspect.Config.Env.find((e) => e.startsWith("SERVICE_PASSWORD="))!.split("=")[1]!;
    expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const secrets = await db().clientSecret.findMany({ where: { clientId: client.id } });
    expect(secrets.map((s) => s.name).sort()).toEqual(["database.password", "portal.password", "website.password"]);
    expect(JSON.stringify(secrets)).not.toContain(password);
    expect(inspect.HostConfig.Memory).toBe(32 * 1024 * 1024);
    expect(inspect.HostConfig.PidsLimit).toBe(DEFAULT_PIDS_LIMIT); // safe create's bound

    // Branding is in the container, next to the service rows' config.
    const exec = await rawDocker
      .getContainer(web.id)
      .exec({ Cmd: ["cat", "/securenexus-branding/branding.json"], AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({});
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect(JSON.parse(demux(Buffer.concat(chunks)))).toEqual({
      primaryColor: "#112233",
      accentColor: "#445566",
      logo: "/securenexus-branding/logo.png",
    });
    const rows = await db().service.findMany({ where: { clientId: client.id }, orderBy: { name: "asc" } });
    expect(rows.map((r) => [r.type, r.status, Boolean(r.containerId)])).toEqual([
      ["DATABASE", "running", true],
      ["PORTAL", "running", true],
      ["WEBSITE", "running", true],
    ]);

    // DNS: the client's zone with the apex address and a CNAME per public service.
    const zone = await db().dnsZone.findUniqueOrThrow({ where: { name: client.domain }, include: { records: true } });
    expect(zone.clientId).toBe(client.id);
    const recs = zone.records.map((r) => `${r.name} ${r.type} ${r.value}`).sort();
    expect(recs).toEqual([
      `@ A 192.0.2.10`,
      "@ NS ns1.securenexus.net",
      "@ NS ns2.securenexus.net",
      `portal CNAME ${client.domain}`,
      `www CNAME ${client.domain}`,
    ]);

    // Administrators are told: an audit row by the system, and the log says so.
    const audit = await db().auditLog.findFirst({ where: { action: "client.provisioned", resourceId: client.id } });
    expect(audit?.userId).toBe("system");
    expect(view?.log.at(-1)).toMatch(/provisioning finished/);
  }, 240_000);
});
