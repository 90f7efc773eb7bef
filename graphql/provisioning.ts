import { listServiceTemplates } from "@/lib/provisioning/list-templates";
import {
  getProvisioning,
  retryProvisioning,
  rollbackProvisioning,
  type ProvisioningView,
} from "@/lib/provisioning/provisioning";
import { watchProvisioning } from "@/lib/provisioning/watch-provisioning";
import { RUN_STATUSES, STEP_NAMES, STEP_STATUSES } from "@/lib/provisioning/step-names";
import type { ServiceTemplate as Template } from "@/lib/provisioning/templates";
import { builder } from "./builder";
import { requireActorIn } from "./actor";
import { ServiceTypeEnum } from "./services";

// Provisioning of a client (lib/provisioning, docs/decisions/019-provisioning.md): the service
// templates, the run with its steps and log, its live progress, retry and rollback. Every field
// goes through the tenant scope of the client (NOT_FOUND outside it).

const upper = <T extends readonly string[]>(values: T) => values.map((v) => v.toUpperCase());
const StepNameEnum = builder.enumType("ProvisioningStepName", { values: upper(STEP_NAMES) });
const StepStatusEnum = builder.enumType("ProvisioningStepStatus", { values: upper(STEP_STATUSES) });
const RunStatusEnum = builder.enumType("ProvisioningStatus", { values: upper(RUN_STATUSES) });

type StepView = ProvisioningView["steps"][number];
const ProvisioningStepRef = builder.objectRef<StepView>("ProvisioningStep").implement({
  fields: (t) => ({
    name: t.field({ type: StepNameEnum, resolve: (s) => s.name.toUpperCase() }),
    status: t.field({ type: StepStatusEnum, resolve: (s) => s.status.toUpperCase() }),
    startedAt: t.field({ type: "DateTime", nullable: true, resolve: (s) => s.startedAt }),
    finishedAt: t.field({ type: "DateTime", nullable: true, resolve: (s) => s.finishedAt }),
    error: t.exposeString("error", { nullable: true }),
    skippedReason: t.exposeString("skippedReason", { nullable: true }),
  }),
});

const ProvisioningRunRef = builder.objectRef<ProvisioningView>("ProvisioningRun").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    clientId: t.exposeID("clientId"),
    status: t.field({ type: RunStatusEnum, resolve: (r) => r.status.toUpperCase() }),
    currentStep: t.field({ type: StepNameEnum, nullable: true, resolve: (r) => r.currentStep?.toUpperCase() ?? null }),
    percent: t.exposeInt("percent"),
    error: t.exposeString("error", { nullable: true }),
    steps: t.field({ type: [ProvisioningStepRef], resolve: (r) => r.steps }),
    log: t.exposeStringList("log"),
    createdAt: t.field({ type: "DateTime", resolve: (r) => r.createdAt }),
    updatedAt: t.field({ type: "DateTime", resolve: (r) => r.updatedAt }),
  }),
});

type Progress = { clientId: string; step: string | null; status: string; percent: number; line: string | null };
const ProvisioningProgressRef = builder.objectRef<Progress>("ProvisioningProgress").implement({
  description: "One change of a client's provisioning: status is the step's while a step reports, else the run's.",
  fields: (t) => ({
    clientId: t.exposeID("clientId"),
    step: t.field({ type: StepNameEnum, nullable: true, resolve: (p) => p.step?.toUpperCase() ?? null }),
    status: t.string({ resolve: (p) => p.status.toUpperCase() }),
    percent: t.exposeInt("percent"),
    line: t.exposeString("line", { nullable: true }),
  }),
});

const TemplateVolumeRef = builder.objectRef<Template["volumes"][number]>("ServiceTemplateVolume").implement({
  fields: (t) => ({ name: t.exposeString("name"), target: t.exposeString("target") }),
});
const TemplatePortRef = builder.objectRef<Template["ports"][number]>("ServiceTemplatePort").implement({
  fields: (t) => ({ container: t.exposeInt("container"), protocol: t.exposeString("protocol") }),
});
const TemplateEnvRef = builder.objectRef<{ name: string; value: string }>("ServiceTemplateEnv").implement({
  description: "An environment variable as the template writes it: ${secret:…} placeholders, never values.",
  fields: (t) => ({ name: t.exposeString("name"), value: t.exposeString("value") }),
});
const TemplateHealthRef = builder
  .objectRef<NonNullable<Template["healthcheck"]>>("ServiceTemplateHealthcheck")
  .implement({
    fields: (t) => ({
      test: t.exposeStringList("test"),
      intervalSeconds: t.exposeInt("intervalSeconds"),
      timeoutSeconds: t.exposeInt("timeoutSeconds"),
      retries: t.exposeInt("retries"),
      startPeriodSeconds: t.exposeInt("startPeriodSeconds"),
    }),
  });

const ServiceTemplateRef = builder.objectRef<Template>("ServiceTemplate").implement({
  fields: (t) => ({
    type: t.field({ type: ServiceTypeEnum, resolve: (x) => x.type }),
    name: t.exposeString("name"),
    title: t.exposeString("title"),
    description: t.exposeString("description"),
    image: t.exposeString("image"),
    env: t.field({
      type: [TemplateEnvRef],
      resolve: (x) => Object.entries(x.env).map(([name, value]) => ({ name, value })),
    }),
    secrets: t.exposeStringList("secrets", { description: "Names of the secrets generated per client" }),
    volumes: t.field({ type: [TemplateVolumeRef], resolve: (x) => x.volumes }),
    ports: t.field({ type: [TemplatePortRef], resolve: (x) => x.ports }),
    httpPort: t.exposeInt("httpPort", { nullable: true }),
    subdomain: t.exposeString("subdomain", { nullable: true }),
    healthcheck: t.field({ type: TemplateHealthRef, nullable: true, resolve: (x) => x.healthcheck ?? null }),
    labels: t.field({ type: "JSON", resolve: (x) => x.labels }),
    memoryMb: t.int({ resolve: (x) => x.resources.memoryMb }),
    cpus: t.float({ resolve: (x) => x.resources.cpus }),
    sso: t.exposeBoolean("sso"),
  }),
});

builder.queryFields((t) => ({
  serviceTemplates: t.field({
    type: [ServiceTemplateRef],
    authScopes: { permission: "client:read" },
    resolve: (_r, _a, ctx) => listServiceTemplates({ actor: requireActorIn(ctx) }),
  }),
  clientProvisioning: t.field({
    type: ProvisioningRunRef,
    nullable: true,
    authScopes: { permission: "client:read" },
    args: { clientId: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => getProvisioning({ actor: requireActorIn(ctx), clientId: String(args.clientId) }),
  }),
}));

builder.mutationFields((t) => ({
  retryProvisioning: t.field({
    type: ProvisioningRunRef,
    authScopes: { signedIn: true },
    args: { clientId: t.arg.id({ required: true }), fromStep: t.arg({ type: StepNameEnum, required: true }) },
    resolve: (_r, args, ctx) =>
      retryProvisioning({
        actor: requireActorIn(ctx),
        clientId: String(args.clientId),
        fromStep: String(args.fromStep),
      }),
  }),
  rollbackProvisioning: t.field({
    type: ProvisioningRunRef,
    authScopes: { signedIn: true },
    args: { clientId: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => rollbackProvisioning({ actor: requireActorIn(ctx), clientId: String(args.clientId) }),
  }),
}));

builder.subscriptionFields((t) => ({
  provisioningProgress: t.field({
    type: ProvisioningProgressRef,
    authScopes: { permission: "client:read" },
    args: { clientId: t.arg.id({ required: true }) },
    subscribe: (_r, args, ctx) =>
      watchProvisioning({ actor: requireActorIn(ctx), clientId: String(args.clientId), signal: ctx.request.signal }),
    resolve: (p) => p,
  }),
}));
