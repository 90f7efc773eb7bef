import "server-only";
import { z } from "zod";
import { can, requirePermission, type Actor } from "../auth/actor";
import { db, type Prisma } from "../db";
import { decodeCursor, encodeCursor, pageSize, type Page } from "../pagination";
import { parseInput } from "../kit";

export const auditFilter = z
  .object({
    userId: z.string().max(255).optional(),
    action: z.string().max(100).optional(),
    resourceType: z.string().max(50).optional(),
    resourceId: z.string().max(255).optional(),
    result: z.enum(["success", "failure", "denied"]).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "from must be before to", path: ["from"] });
export type AuditFilter = z.infer<typeof auditFilter>;

const select = {
  id: true,
  userId: true,
  action: true,
  resourceType: true,
  resourceId: true,
  ipAddress: true,
  userAgent: true,
  result: true,
  details: true,
  createdAt: true,
} as const;
export type AuditLogRow = Prisma.AuditLogGetPayload<{ select: typeof select }>;

/** The where clause for an actor: everything for SUPER_ADMIN/DEVELOPER, own actions otherwise. */
function scopeWhere(actor: Actor, f: AuditFilter): Prisma.AuditLogWhereInput {
  const where: Prisma.AuditLogWhereInput = {
    userId: f.userId,
    action: f.action ? (f.action.endsWith("*") ? { startsWith: f.action.slice(0, -1) } : f.action) : undefined,
    resourceType: f.resourceType,
    resourceId: f.resourceId,
    result: f.result,
    createdAt: f.from || f.to ? { gte: f.from, lte: f.to } : undefined,
  };
  if (!can(actor, "audit:read:all")) return { AND: [where, { userId: actor.userId }] };
  return where;
}

export async function listAuditLogs(input: {
  actor: Actor;
  filter?: unknown;
  first?: number | null;
  after?: string | null;
}): Promise<Page<AuditLogRow>> {
  requirePermission(input.actor, "audit:read");
  const parsed = parseInput(auditFilter, input.filter ?? {});
  const take = pageSize(input.first);
  const where = scopeWhere(input.actor, parsed);
  if (input.after) {
    const c = decodeCursor(input.after);
    where.OR = [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }];
  }
  const rows = await db().auditLog.findMany({
    where,
    select,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  const items = rows.slice(0, take);
  const last = items.at(-1);
  return {
    items,
    hasNextPage: rows.length > take,
    endCursor: last ? encodeCursor({ createdAt: last.createdAt ?? new Date(0), id: last.id }) : null,
  };
}

/** Every matching row, page by page (exports). */
export async function* allAuditLogs(input: { actor: Actor; filter?: unknown }) {
  let after: string | null = null;
  for (;;) {
    const page: Page<AuditLogRow> = await listAuditLogs({ ...input, first: 200, after });
    yield* page.items;
    if (!page.hasNextPage) return;
    after = page.endCursor;
  }
}
