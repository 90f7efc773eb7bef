import { listServices, getService, serviceLogsTail } from "@/lib/services/list-services";
import { restartService, startService, stopService } from "@/lib/services/control-service";
import { watchServices } from "@/lib/services/watch-services";
import { streamServiceLogs, type LogEntry } from "@/lib/services/log-stream";
import { execInService } from "@/lib/services/exec-in-service";
import { serviceAccessOf } from "@/lib/services/container-access";
import type { ExecOutcome } from "@/lib/docker/exec";
import { HEALTH_STATES, type Health, type Port, type Service as ServiceRow } from "@/lib/services/service";
import { SERVICE_TYPES } from "@/lib/services/service-type";
import { SERVICE_STATUSES } from "@/lib/docker/status";
import type { ResourceUsage as Usage } from "@/lib/docker/stats-sampler";
import { builder } from "./builder";
import { given } from "./input";
import "./services-resources";
import { requireActorIn } from "./actor";
import { containerReadsOf } from "./context";

export const ServiceTypeEnum = builder.enumType("ServiceType", { values: SERVICE_TYPES });
const ServiceStatusEnum = builder.enumType("ServiceStatus", { values: SERVICE_STATUSES });
const HealthCheckStatusEnum = builder.enumType("HealthCheckStatus", { values: HEALTH_STATES });

const PortRef = builder.objectRef<Port>("Port").implement({
  fields: (t) => ({
    privatePort: t.exposeInt("privatePort"),
    publicPort: t.exposeInt("publicPort", { nullable: true }),
    protocol: t.exposeString("protocol"),
    ip: t.exposeString("ip", { nullable: true }),
  }),
});

// Byte counters exceed 2^31, so they are Floats (GraphQL Int is 32-bit).
const ResourceUsageRef = builder.objectRef<Usage>("ResourceUsage").implement({
  fields: (t) => ({
    cpuPercent: t.exposeFloat("cpuPercent"),
    memoryUsage: t.exposeFloat("memoryUsage"),
    memoryLimit: t.exposeFloat("memoryLimit"),
    networkRx: t.exposeFloat("networkRx"),
    networkTx: t.exposeFloat("networkTx"),
    blockRead: t.exposeFloat("blockRead"),
    blockWrite: t.exposeFloat("blockWrite"),
    sampledAt: t.field({ type: "DateTime", nullable: true, resolve: (u) => u.sampledAt }),
  }),
});

const HealthCheckRef = builder.objectRef<Health>("HealthCheck").implement({
  fields: (t) => ({
    status: t.field({ type: HealthCheckStatusEnum, resolve: (h) => h.status }),
    failingStreak: t.exposeInt("failingStreak"),
    lastOutput: t.exposeString("lastOutput", { nullable: true }),
    checkedAt: t.field({ type: "DateTime", nullable: true, resolve: (h) => h.checkedAt }),
  }),
});

export const ServiceRef = builder.objectRef<ServiceRow>("Service").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    type: t.field({ type: ServiceTypeEnum, resolve: (s) => s.type }),
    status: t.field({ type: ServiceStatusEnum, resolve: (s) => s.status }),
    image: t.exposeString("image"),
    created: t.field({ type: "DateTime", resolve: (s) => s.created }),
    ports: t.field({ type: [PortRef], resolve: (s) => s.ports }),
    clientId: t.exposeID("clientId", {
      nullable: true,
      description: "The client from the securenexus.client label; null for a system service.",
    }),
    managed: t.boolean({
      description:
        "Made by SecureNexus (securenexus.managed label). Other containers are platform containers: the console, its database, the proxy … (ADR 026).",
      resolve: (s, _a, ctx) => serviceAccessOf(requireActorIn(ctx), s).managed,
    }),
    controllable: t.boolean({
      description:
        "Whether the caller may start, stop and restart it (a platform container: a SUPER_ADMIN, after a step-up).",
      resolve: (s, _a, ctx) => serviceAccessOf(requireActorIn(ctx), s).actions.length > 0,
    }),
    canExec: t.boolean({
      description: "Whether the caller may run commands in it (execInService; always after a step-up).",
      resolve: (s, _a, ctx) => serviceAccessOf(requireActorIn(ctx), s).exec,
    }),
    resourceUsage: t.field({ type: ResourceUsageRef, resolve: (s) => s.resourceUsage }),
    health: t.field({ type: HealthCheckRef, resolve: (s) => s.health }),
    logs: t.string({
      nullable: true,
      description: "The last lines of stdout and stderr (stderr lines start with [stderr]).",
      args: { tail: t.arg.int({ required: false }) },
      resolve: (s, args, ctx, info) =>
        serviceLogsTail({
          actor: requireActorIn(ctx),
          id: s.id,
          tail: args.tail ?? 100,
          reads: containerReadsOf(ctx, info),
        }),
    }),
  }),
});

const ServiceFilter = builder.inputType("ServiceFilter", {
  fields: (t) => ({
    id: t.id({ required: false }),
    status: t.field({ type: ServiceStatusEnum, required: false }),
    type: t.field({ type: ServiceTypeEnum, required: false }),
    clientId: t.id({ required: false }),
    search: t.string({ required: false }),
  }),
});

builder.queryFields((t) => ({
  services: t.field({
    type: [ServiceRef],
    authScopes: { permission: "service:read" },
    args: { filter: t.arg({ type: ServiceFilter, required: false }) },
    resolve: (_r, args, ctx, info) =>
      listServices({ actor: requireActorIn(ctx), filter: given(args.filter), reads: containerReadsOf(ctx, info) }),
  }),
  service: t.field({
    type: ServiceRef,
    nullable: true,
    authScopes: { permission: "service:read" },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx, info) =>
      getService({ actor: requireActorIn(ctx), id: String(args.id), reads: containerReadsOf(ctx, info) }),
  }),
}));

// The edge only asks for a signed-in user: the domain answers NOT_FOUND for a service outside
// the actor's scope before it answers FORBIDDEN for a missing permission (no existence leak).
builder.mutationFields((t) => {
  const field = (fn: typeof startService) =>
    t.field({
      type: ServiceRef,
      authScopes: { signedIn: true },
      args: {
        id: t.arg.id({ required: true }),
        timeout: t.arg.int({
          required: false,
          description: "Seconds to wait before killing (stop, restart); default 10.",
        }),
      },
      resolve: (_r, args, ctx) => fn({ actor: requireActorIn(ctx), id: String(args.id), timeout: args.timeout }),
    });
  return { startService: field(startService), stopService: field(stopService), restartService: field(restartService) };
});

const ExecResultRef = builder.objectRef<ExecOutcome>("ExecResult").implement({
  fields: (t) => ({
    exitCode: t.exposeInt("exitCode", {
      nullable: true,
      description: "null when the command did not finish before the timeout",
    }),
    stdout: t.exposeString("stdout"),
    stderr: t.exposeString("stderr"),
    durationMs: t.exposeInt("durationMs"),
    timedOut: t.exposeBoolean("timedOut"),
    truncated: t.exposeBoolean("truncated", { description: "stdout or stderr exceeded 64 KiB and was cut" }),
  }),
});

builder.mutationField("execInService", (t) =>
  t.field({
    type: ExecResultRef,
    description: "Runs one command (an argv array, no shell) in a service's container. DEVELOPER and SUPER_ADMIN only.",
    authScopes: { signedIn: true },
    args: {
      id: t.arg.id({ required: true }),
      command: t.arg.stringList({ required: true }),
      timeoutSeconds: t.arg.int({ required: false }),
    },
    resolve: (_r, args, ctx) =>
      execInService({
        actor: requireActorIn(ctx),
        id: String(args.id),
        command: args.command,
        timeoutSeconds: args.timeoutSeconds,
      }),
  }),
);

const LogStreamKind = builder.enumType("LogStreamKind", { values: ["STDOUT", "STDERR"] as const });
const LogEntryRef = builder.objectRef<LogEntry>("LogEntry").implement({
  fields: (t) => ({
    serviceId: t.exposeID("serviceId"),
    stream: t.field({ type: LogStreamKind, resolve: (e) => e.stream }),
    message: t.exposeString("message"),
    timestamp: t.field({ type: "DateTime", nullable: true, resolve: (e) => e.timestamp }),
  }),
});

builder.subscriptionFields((t) => ({
  logStream: t.field({
    type: LogEntryRef,
    description: "Follows a service's stdout and stderr. A client that reads too slowly is dropped (RATE_LIMITED).",
    authScopes: { permission: "service:logs" },
    args: {
      serviceId: t.arg.id({ required: true }),
      since: t.arg({ type: "DateTime", required: false }),
      tail: t.arg.int({ required: false }),
    },
    subscribe: (_r, args, ctx) =>
      streamServiceLogs({
        actor: requireActorIn(ctx),
        id: String(args.serviceId),
        since: args.since,
        tail: args.tail,
        signal: ctx.request.signal,
      }),
    resolve: (e) => e,
  }),
  serviceStatusChanged: t.field({
    type: ServiceRef,
    authScopes: { permission: "service:read" },
    args: { filter: t.arg({ type: ServiceFilter, required: false }) },
    subscribe: (_r, args, ctx) =>
      watchServices({ actor: requireActorIn(ctx), filter: given(args.filter), signal: ctx.request.signal }),
    resolve: (s) => s,
  }),
}));
