import { me } from "@/lib/users/me";
import { systemStatus } from "@/lib/system/system-status";
import { builder } from "./builder";
import { requireActorIn } from "./actor";

export const HealthStatusEnum = builder.enumType("HealthStatus", {
  values: ["HEALTHY", "DEGRADED", "UNHEALTHY"] as const,
});

const SystemStatus = builder.objectRef<Awaited<ReturnType<typeof systemStatus>>>("SystemStatus").implement({
  fields: (t) => ({
    uptime: t.exposeInt("uptime"),
    version: t.exposeString("version"),
    clientCount: t.exposeInt("clientCount"),
    containerCount: t.exposeInt("containerCount"),
    cpuUsage: t.exposeFloat("cpuUsage"),
    memoryUsage: t.exposeFloat("memoryUsage"),
    diskUsage: t.exposeFloat("diskUsage"),
    health: t.field({ type: HealthStatusEnum, resolve: (s) => s.health }),
  }),
});

const Viewer = builder.objectRef<Awaited<ReturnType<typeof me>>>("Viewer").implement({
  description: "The signed-in user, with the roles and permissions this request holds.",
  fields: (t) => ({
    id: t.exposeID("id"),
    username: t.exposeString("username"),
    email: t.exposeString("email"),
    fullName: t.exposeString("fullName"),
    isActive: t.exposeBoolean("isActive"),
    lastLogin: t.field({ type: "DateTime", nullable: true, resolve: (u) => u.lastLogin }),
    roles: t.exposeStringList("roles"),
    permissions: t.exposeStringList("permissions"),
    clientIds: t.exposeIDList("clientIds"),
  }),
});

builder.queryFields((t) => ({
  me: t.field({
    type: Viewer,
    authScopes: { signedIn: true },
    resolve: (_r, _a, ctx) => me({ actor: requireActorIn(ctx) }),
  }),
  systemStatus: t.field({
    type: SystemStatus,
    authScopes: { signedIn: true },
    resolve: (_r, _a, ctx) => systemStatus({ actor: requireActorIn(ctx) }),
  }),
}));
