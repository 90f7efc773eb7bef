import "server-only";
import { config } from "../../config";
import { db, type Prisma } from "../../db";
import { docker, LOCAL_HOST } from "../../docker/connection";
import { controlContainer } from "../../docker/containers";
import { LABEL_PROVISIONING } from "../../docker/labels";
import { labelsOf, listLabelled, removeLabelled } from "../../docker/labelled";
import { pullImage } from "../../docker/resources";
import { safeCreateContainer } from "../../docker/safe-create";
import { AppError } from "../../errors";
import type { StepContext, StepDefinition } from "../context";
import { containerSpec, traefikLabels } from "../container-spec";
import { networkName } from "../plan";
import { readClientSecrets } from "../secrets";

// Steps 6-7: TLS (Traefik router labels with the certresolver, kept on the service rows) and
// deploy (containers through the safe creation path, started). A container of the wanted name is
// adopted only when it carries this run's label.

export const tlsStep: StepDefinition = {
  name: "tls",
  async run(ctx) {
    const certResolver = config().TLS_CERT_RESOLVER;
    const labels: Record<string, Record<string, string>> = {};
    for (const s of ctx.plan) {
      const l = traefikLabels(s, { network: networkName(ctx.run.clientId), certResolver });
      if (Object.keys(l).length === 0) continue;
      labels[s.name] = l;
      const row = await db().service.findUniqueOrThrow({
        where: { clientId_name: { clientId: ctx.run.clientId, name: s.name } },
        select: { config: true },
      });
      const cfg = {
        ...((row.config ?? {}) as Record<string, unknown>),
        tls: { host: s.host, certResolver, labels: l },
      } as Prisma.InputJsonObject;
      await db().service.update({
        where: { clientId_name: { clientId: ctx.run.clientId, name: s.name } },
        data: { config: cfg },
      });
    }
    const hosts = Object.keys(labels);
    if (hosts.length === 0) return { skipped: "no public HTTP service: no certificate needed" };
    await ctx.save({ certResolver, labels });
    await ctx.log(
      `HTTPS routes for ${hosts.length} service(s), certificates from Traefik's certresolver "${certResolver}"`,
    );
  },
};

async function ensureImage(ctx: StepContext, image: string) {
  try {
    await docker(LOCAL_HOST).getImage(image).inspect();
    return;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
  await ctx.log(`pulling ${image}`);
  try {
    for await (const _ of pullImage(LOCAL_HOST, image, ctx.signal)) void _;
  } catch (err) {
    throw new AppError(
      "UNAVAILABLE",
      `Image ${image} is not on the host and could not be pulled: ${(err as Error).message}`,
    );
  }
}

export const deployStep: StepDefinition = {
  name: "deploy",
  async run(ctx) {
    if (ctx.plan.length === 0) return { skipped: "no services to deploy" };
    const tls = (ctx.outputOf("tls").labels ?? {}) as Record<string, Record<string, string>>;
    const network = networkName(ctx.run.clientId);
    const containers: Record<string, string> = { ...((ctx.output.containers ?? {}) as Record<string, string>) };
    let created = 0;
    for (const s of ctx.plan) {
      const existing = await labelsOf(LOCAL_HOST, "container", s.name);
      if (existing && existing[LABEL_PROVISIONING] !== ctx.run.id) {
        throw new AppError(
          "CONFLICT",
          `A container named ${s.name} already exists and was not made by this client's provisioning`,
        );
      }
      if (!existing) {
        await ensureImage(ctx, s.template.image);
        const secrets = await readClientSecrets(ctx.run.clientId, `${s.template.name}.`);
        const spec = containerSpec(s, {
          clientId: ctx.run.clientId,
          domain: ctx.run.client.domain,
          network,
          secrets,
          labels: { ...(tls[s.name] ?? {}), [LABEL_PROVISIONING]: ctx.run.id },
        });
        const ref = await safeCreateContainer({ spec, clientId: ctx.run.clientId, serviceType: s.type });
        containers[s.name] = ref.containerId;
        if (++created === 1) await ctx.pausePoint(); // a kill here leaves one container made and none recorded
      }
      await controlContainer({ host: LOCAL_HOST, containerId: s.name }, "start", 10);
      const id = containers[s.name] ?? (await docker(LOCAL_HOST).getContainer(s.name).inspect()).Id;
      containers[s.name] = id;
      await db().service.update({
        where: { clientId_name: { clientId: ctx.run.clientId, name: s.name } },
        data: { containerId: id, status: "running" },
      });
      await ctx.save({ containers });
    }
    await ctx.log(
      `${ctx.plan.length} container(s) running, ${created} created now: ${ctx.plan.map((s) => s.name).join(", ")}`,
    );
  },
  async undo(ctx) {
    const list = await listLabelled(LOCAL_HOST, "container", { [LABEL_PROVISIONING]: ctx.run.id });
    for (const c of list) await removeLabelled(LOCAL_HOST, "container", c.id);
    await ctx.log(`removed ${list.length} container(s)`);
  },
};
