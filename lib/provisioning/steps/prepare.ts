import "server-only";
import { db, type Prisma } from "../../db";
import { dockerConfigured } from "../../docker/connection";
import { AppError } from "../../errors";
import type { StepDefinition } from "../context";
import { deleteClientSecrets, ensureClientSecrets } from "../secrets";

// Steps 1-3: validate, generate secrets, create database entries (services rows).

export const validateStep: StepDefinition = {
  name: "validate",
  async run({ run, plan, log }) {
    const client = await db().client.findUnique({
      where: { id: run.clientId },
      select: { status: true, deletedAt: true },
    });
    if (!client || client.deletedAt) throw new AppError("CONFLICT", "The client was deleted meanwhile");
    if (client.status !== "provisioning")
      throw new AppError("CONFLICT", `The client is ${client.status}, not provisioning`);
    if (plan.length && !dockerConfigured())
      throw new AppError(
        "UNAVAILABLE",
        "No Docker engine is configured (DOCKER_HOST unset and no /var/run/docker.sock)",
      );
    await log(
      plan.length
        ? `services: ${plan.map((s) => `${s.type} (${s.template.image})`).join(", ")}`
        : "no services: DNS zone and notification only",
    );
  },
};

export const secretsStep: StepDefinition = {
  name: "secrets",
  async run({ run, plan, log, save }) {
    const names = plan.flatMap((s) => s.template.secrets.map((x) => `${s.template.name}.${x}`));
    const created = await ensureClientSecrets(run.clientId, names);
    await save({ names });
    await log(`${names.length} secret(s), ${created} generated now, stored sealed (values are never shown)`);
  },
  async undo({ run, log }) {
    await log(`removed ${await deleteClientSecrets(run.clientId)} secret(s)`);
  },
};

export const databaseStep: StepDefinition = {
  name: "database",
  async run({ run, plan, log, save }) {
    const ids: Record<string, string> = {};
    for (const s of plan) {
      const config = {
        template: s.template.name,
        image: s.template.image,
        host: s.host,
        volumes: s.volumes,
        ports: s.template.ports,
      } as Prisma.InputJsonObject;
      const row = await db().service.upsert({
        where: { clientId_name: { clientId: run.clientId, name: s.name } },
        create: { clientId: run.clientId, name: s.name, type: s.type, status: "provisioning", config },
        update: {},
        select: { id: true },
      });
      ids[s.name] = row.id;
    }
    await save({ services: ids });
    await log(`${plan.length} service row(s) in the database`);
  },
  async undo({ run, log }) {
    const { count } = await db().service.deleteMany({ where: { clientId: run.clientId } });
    await log(`removed ${count} service row(s)`);
  },
};
