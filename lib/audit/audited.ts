import "server-only";
import type { Actor } from "../auth/actor";
import { db, type Prisma } from "../db";
import { isAppError } from "../errors";
import { publishAudit, writeAudit } from "./record";

type Resource = { type: string; id?: string | null };

/**
 * Runs a mutation's work in one transaction with its audit row: on success the row commits with
 * the change; a FORBIDDEN is recorded as "denied", any other error as "failure" (after the
 * rollback, so the failed change leaves nothing but its audit row). Errors propagate unchanged.
 */
export async function audited<T>(
  actor: Actor,
  action: string,
  resource: Resource,
  work: (tx: Prisma.TransactionClient) => Promise<{ result: T; resourceId?: string; details?: Record<string, unknown> }>,
): Promise<T> {
  const base = { userId: actor.userId, action, resourceType: resource.type, ip: actor.ip, userAgent: actor.userAgent };
  try {
    const { result, row } = await db().$transaction(async (tx) => {
      const out = await work(tx);
      const row = await writeAudit({ ...base, resourceId: out.resourceId ?? resource.id ?? null, result: "success", details: out.details }, tx);
      return { result: out.result, row };
    });
    await publishAudit(row);
    return result;
  } catch (err) {
    const denied = isAppError(err) && (err.code === "FORBIDDEN" || err.code === "UNAUTHENTICATED");
    const row = await writeAudit({
      ...base,
      resourceId: resource.id ?? null,
      result: denied ? "denied" : "failure",
      details: { error: isAppError(err) ? err.message : "internal error", code: isAppError(err) ? err.code : "INTERNAL" },
    });
    await publishAudit(row);
    throw err;
  }
}

/** Records a denied attempt (a permission check failed before any work). */
export async function auditDenied(actor: Actor, action: string, resource: Resource, reason: string) {
  const row = await writeAudit({
    userId: actor.userId, action, resourceType: resource.type, resourceId: resource.id ?? null,
    ip: actor.ip, userAgent: actor.userAgent, result: "denied", details: { reason },
  });
  await publishAudit(row);
}
