import { listAuditLogs, type AuditLogRow } from "@/lib/audit/list-audit-logs";
import { watchAuditLog } from "@/lib/audit/watch-audit";
import { encodeCursor } from "@/lib/pagination";
import { builder } from "./builder";
import { requireActorIn } from "./actor";

const AuditResultEnum = builder.enumType("AuditResult", { values: ["success", "failure", "denied"] as const });

export const AuditLog = builder.objectRef<AuditLogRow>("AuditLog").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    userId: t.exposeString("userId"),
    action: t.exposeString("action"),
    resourceType: t.exposeString("resourceType", { nullable: true }),
    resourceId: t.exposeString("resourceId", { nullable: true }),
    ipAddress: t.exposeString("ipAddress", { nullable: true }),
    userAgent: t.exposeString("userAgent", { nullable: true }),
    result: t.field({ type: AuditResultEnum, resolve: (r) => r.result as "success" | "failure" | "denied" }),
    details: t.field({ type: "JSON", nullable: true, resolve: (r) => r.details }),
    createdAt: t.field({ type: "DateTime", resolve: (r) => r.createdAt ?? new Date(0) }),
  }),
});

const AuditLogFilter = builder.inputType("AuditLogFilter", {
  fields: (t) => ({
    userId: t.string({ required: false }),
    action: t.string({ required: false, description: "exact action, or a prefix ending in * (client.*)" }),
    resourceType: t.string({ required: false }),
    resourceId: t.string({ required: false }),
    result: t.field({ type: AuditResultEnum, required: false }),
    from: t.field({ type: "DateTime", required: false }),
    to: t.field({ type: "DateTime", required: false }),
  }),
});

builder.queryFields((t) => ({
  auditLogs: t.connection({
    type: AuditLog,
    authScopes: { permission: "audit:read" },
    args: { filter: t.arg({ type: AuditLogFilter, required: false }) },
    resolve: async (_root, args, ctx) => {
      const page = await listAuditLogs({
        actor: requireActorIn(ctx),
        filter: args.filter ?? {},
        first: args.first,
        after: args.after,
      });
      return {
        edges: page.items.map((node) => ({
          node,
          cursor: encodeCursor({ createdAt: node.createdAt ?? new Date(0), id: node.id }),
        })),
        pageInfo: {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: !!args.after,
          startCursor: null,
          endCursor: page.endCursor,
        },
      };
    },
  }),
}));

const AuditEvent = builder
  .objectRef<{ id: string; userId: string; action: string; result: string; createdAt: string }>("AuditEvent")
  .implement({
    fields: (t) => ({
      id: t.exposeID("id"),
      userId: t.exposeString("userId"),
      action: t.exposeString("action"),
      result: t.exposeString("result"),
      createdAt: t.exposeString("createdAt"),
    }),
  });

builder.subscriptionFields((t) => ({
  auditLogCreated: t.field({
    type: AuditEvent,
    description: "New audit rows as they are written, filtered like auditLogs (own actions unless audit:read:all).",
    authScopes: { permission: "audit:read" },
    subscribe: (_root, _args, ctx) => watchAuditLog({ actor: requireActorIn(ctx), signal: ctx.request.signal }),
    resolve: (e) => e,
  }),
}));
