import "server-only";
import type { Actor } from "../auth/actor";
import { publishAudit, writeAudit } from "../audit/record";
import { db, type Prisma } from "../db";
import { isAppError } from "../errors";

export type Resource = { type: string; id?: string | null };
/** What the work returns: its result, and for the audit row the id it made and what it did. */
export type Outcome<T> = {
  result: T;
  resourceId?: string;
  details?: Record<string, unknown>;
  /** The call came back but did not do its job (a script that exits non-zero): "failure". */
  failed?: boolean;
};
type Options = {
  /** Details known before the work starts (the host, the arguments), on every row of the attempt. */
  details?: Record<string, unknown>;
  /** auditedCall only: false when the call is one step of a change whose success row is written
   *  by a later step (a client's containers stopped, then its status changed in a transaction). */
  successRow?: boolean;
};

const rowBase = (actor: Actor, action: string, resource: Resource) => ({
  userId: actor.userId,
  action,
  resourceType: resource.type,
  ip: actor.ip,
  userAgent: actor.userAgent,
});

/** FORBIDDEN/UNAUTHENTICATED are "denied", anything else "failure"; the error's message and code
 *  are kept (an unexpected error only as "internal error": its text may hold secrets). */
async function recordFailure(actor: Actor, action: string, resource: Resource, err: unknown, options: Options) {
  const denied = isAppError(err) && (err.code === "FORBIDDEN" || err.code === "UNAUTHENTICATED");
  const row = await writeAudit({
    ...rowBase(actor, action, resource),
    resourceId: resource.id ?? null,
    result: denied ? "denied" : "failure",
    details: {
      ...options.details,
      error: isAppError(err) ? err.message : "internal error",
      code: isAppError(err) ? err.code : "INTERNAL",
    },
  });
  await publishAudit(row);
}

/**
 * Runs a change's work in one database transaction with its audit row: on success the row commits
 * with the change; a FORBIDDEN is recorded as "denied", any other error as "failure" (after the
 * rollback, so the failed change leaves nothing but its audit row). Errors propagate unchanged.
 */
export async function audited<T>(
  actor: Actor,
  action: string,
  resource: Resource,
  work: (tx: Prisma.TransactionClient) => Promise<Outcome<T>>,
  options: Options = {},
): Promise<T> {
  try {
    const { result, row } = await db().$transaction(async (tx) => {
      const out = await work(tx);
      const details = options.details || out.details ? { ...options.details, ...out.details } : undefined;
      const row = await writeAudit(
        {
          ...rowBase(actor, action, resource),
          resourceId: out.resourceId ?? resource.id ?? null,
          result: "success",
          details,
        },
        tx,
      );
      return { result: out.result, row };
    });
    await publishAudit(row);
    return result;
  } catch (err) {
    await recordFailure(actor, action, resource, err, options);
    throw err;
  }
}

/**
 * The same for a call to an outside system (Docker, Authentik, etcd, restic, Prometheus), which
 * cannot share a transaction with its audit row: the row is written right after the call, with
 * its outcome. The work may still open its own transactions for the local rows it keeps.
 */
export async function auditedCall<T>(
  actor: Actor,
  action: string,
  resource: Resource,
  work: () => Promise<Outcome<T>>,
  options: Options = {},
): Promise<T> {
  let out: Outcome<T>;
  try {
    out = await work();
  } catch (err) {
    await recordFailure(actor, action, resource, err, options);
    throw err;
  }
  if (options.successRow === false && !out.failed) return out.result;
  const details = options.details || out.details ? { ...options.details, ...out.details } : undefined;
  const row = await writeAudit({
    ...rowBase(actor, action, resource),
    resourceId: out.resourceId ?? resource.id ?? null,
    result: out.failed ? "failure" : "success",
    details,
  });
  await publishAudit(row);
  return out.result;
}

/** Records a denied attempt (a check failed before any work). Used by ./deny.ts only. */
export async function auditDenied(actor: Actor, action: string, resource: Resource, reason: string) {
  const row = await writeAudit({
    ...rowBase(actor, action, resource),
    resourceId: resource.id ?? null,
    result: "denied",
    details: { reason },
  });
  await publishAudit(row);
}
