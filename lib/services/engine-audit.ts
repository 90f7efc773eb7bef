import "server-only";
import { can, type Actor } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import { auditDenied } from "../audit/audited";
import { recordAudit } from "../audit/record";
import { AppError, isAppError } from "../errors";

// Engine changes are not database transactions: the audit row is written after the call, with
// its outcome; a missing permission is recorded as denied before anything is asked of Docker.
type Resource = { type: string; id?: string | null };

export async function requireOrDeny(actor: Actor, permission: Permission, action: string, resource: Resource) {
  if (can(actor, permission)) return;
  await auditDenied(actor, action, resource, `missing permission ${permission}`);
  throw new AppError("FORBIDDEN", `Missing permission ${permission}`, { permission });
}

export async function auditedEngineCall<T>(actor: Actor, action: string, resource: Resource, details: Record<string, unknown>, call: () => Promise<T>, outcome?: (r: T) => Record<string, unknown>): Promise<T> {
  const base = { userId: actor.userId, action, resourceType: resource.type, resourceId: resource.id ?? null, ip: actor.ip, userAgent: actor.userAgent };
  try {
    const result = await call();
    await recordAudit({ ...base, result: "success", details: { ...details, ...(outcome?.(result) ?? {}) } });
    return result;
  } catch (err) {
    await recordAudit({ ...base, result: isAppError(err) && err.code === "FORBIDDEN" ? "denied" : "failure", details: { ...details, error: isAppError(err) ? err.message : "internal error" } });
    throw err;
  }
}
