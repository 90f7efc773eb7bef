import "server-only";
import { config } from "../../config";
import { publishAudit, writeAudit } from "../../audit/record";
import { db, type Prisma } from "../../db";
import { LOCAL_HOST, docker } from "../../docker/connection";
import { viaDocker } from "../../docker/errors";
import { publishStatus } from "../../clients/access";
import type { StepDefinition } from "../context";
import { clientShort } from "../plan";
import { ensureClientSecrets, readClientSecrets } from "../secrets";
import { ensureClientSso, removeClientSso } from "../authentik-sso";
import { tarOf } from "../tar";

// Steps 8-10: single sign-on (Authentik, when configured), branding, notify administrators.

const authentik = () => {
  const c = config();
  return c.AUTHENTIK_URL && c.AUTHENTIK_TOKEN ? { url: c.AUTHENTIK_URL, token: c.AUTHENTIK_TOKEN } : null;
};
const ssoSlug = (clientId: string) => `snx-${clientShort(clientId)}`;

export const ssoStep: StepDefinition = {
  name: "sso",
  async run(ctx) {
    const target = authentik();
    if (!target)
      return {
        skipped:
          "Authentik is not configured (AUTHENTIK_URL and AUTHENTIK_TOKEN unset): services keep their own sign-in",
      };
    const web = ctx.plan.filter((s) => s.template.sso && s.host);
    if (web.length === 0) return { skipped: "no service of this client signs in through SSO" };
    await ensureClientSecrets(ctx.run.clientId, ["sso.client_secret"]);
    const { client_secret } = await readClientSecrets(ctx.run.clientId, "sso.");
    const sso = await ensureClientSso(target, {
      slug: ssoSlug(ctx.run.clientId),
      name: ctx.run.client.name,
      launchUrl: `https://${web[0]!.host}/`,
      hosts: web.map((s) => s.host!),
      clientSecret: client_secret!,
    });
    await ctx.save(sso);
    await ctx.log(
      `Authentik application ${sso.applicationSlug} with OAuth2 provider ${sso.providerPk} for ${web.map((s) => s.host).join(", ")}`,
    );
  },
  async undo(ctx) {
    const target = authentik();
    const ran = (ctx.run.steps.find((s) => s.name === "sso")?.executions ?? 0) > 0;
    if (!target || !ran) return; // never started: nothing in Authentik to remove
    const r = await removeClientSso(target, ssoSlug(ctx.run.clientId));
    await ctx.log(
      `Authentik application ${r.application ? "removed" : "was not there"}, provider ${r.provider ? "removed" : "was not there"}`,
    );
  },
};

/** The branding files put into each container: /securenexus-branding/branding.json and the logo. */
export function brandingFiles(b: { logo?: string; primaryColor?: string; accentColor?: string }) {
  const files: { name: string; data: Buffer }[] = [];
  const m = b.logo?.match(/^data:image\/(png|jpeg|svg\+xml|webp);base64,(.*)$/);
  const logo = m ? `logo.${m[1] === "svg+xml" ? "svg" : m[1] === "jpeg" ? "jpg" : m[1]}` : null;
  if (m && logo) files.push({ name: `securenexus-branding/${logo}`, data: Buffer.from(m[2]!, "base64") });
  const json = {
    primaryColor: b.primaryColor ?? null,
    accentColor: b.accentColor ?? null,
    logo: logo ? `/securenexus-branding/${logo}` : null,
  };
  files.push({ name: "securenexus-branding/branding.json", data: Buffer.from(JSON.stringify(json, null, 2)) });
  return { files, json };
}

export const brandingStep: StepDefinition = {
  name: "branding",
  async run(ctx) {
    const b = ctx.input.branding;
    if (!b || (!b.logo && !b.primaryColor && !b.accentColor)) return { skipped: "no branding given" };
    if (ctx.plan.length === 0) return { skipped: "no services to brand" };
    const { files, json } = brandingFiles(b);
    const tar = tarOf(files);
    for (const s of ctx.plan) {
      await viaDocker("apply branding", () => docker(LOCAL_HOST).getContainer(s.name).putArchive(tar, { path: "/" }));
      const row = await db().service.findUniqueOrThrow({
        where: { clientId_name: { clientId: ctx.run.clientId, name: s.name } },
        select: { config: true },
      });
      const cfg = { ...((row.config ?? {}) as Record<string, unknown>), branding: json } as Prisma.InputJsonObject;
      await db().service.update({
        where: { clientId_name: { clientId: ctx.run.clientId, name: s.name } },
        data: { config: cfg },
      });
    }
    await ctx.save({ branding: json });
    await ctx.log(
      `branding (${[b.logo && "logo", b.primaryColor && `primary ${b.primaryColor}`, b.accentColor && `accent ${b.accentColor}`].filter(Boolean).join(", ")}) applied to ${ctx.plan.length} service(s)`,
    );
  },
};

export const notifyStep: StepDefinition = {
  name: "notify",
  async run(ctx) {
    const row = await db().$transaction(async (tx) => {
      const { count } = await tx.client.updateMany({
        where: { id: ctx.run.clientId, status: "provisioning", deletedAt: null },
        data: { status: "active" },
      });
      if (count === 0) return null; // an earlier attempt already did it
      return writeAudit(
        {
          userId: "system",
          action: "client.provisioned",
          resourceType: "client",
          resourceId: ctx.run.clientId,
          result: "success",
          details: {
            name: ctx.run.client.name,
            domain: ctx.run.client.domain,
            services: ctx.plan.map((s) => ({ type: s.type, name: s.name, host: s.host })),
          },
        },
        tx,
      );
    });
    if (row) await publishAudit(row);
    await publishStatus(ctx.run.clientId, "active");
    await ctx.log(`client ${ctx.run.client.name} is active; administrators notified`);
  },
};
