import "server-only";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit/record";
import { isAppError } from "../errors";

// Directory changes cannot share a database transaction with their audit row (Authentik is a
// remote API), so the row is written right after the change: success, or failure/denied with
// the error's code. Errors propagate unchanged.
export async function auditedChange<T>(
  actor: Actor,
  action: string,
  resource: { id?: string | null },
  work: () => Promise<{ result: T; resourceId?: string; details?: Record<string, unknown> }>,
): Promise<T> {
  const base = { userId: actor.userId, action, resourceType: "user", ip: actor.ip, userAgent: actor.userAgent };
  try {
    const out = await work();
    await recordAudit({ ...base, resourceId: out.resourceId ?? resource.id ?? null, result: "success", details: out.details });
    return out.result;
  } catch (err) {
    const denied = isAppError(err) && err.code === "FORBIDDEN";
    await recordAudit({
      ...base, resourceId: resource.id ?? null, result: denied ? "denied" : "failure",
      details: { error: isAppError(err) ? err.message : "internal error", code: isAppError(err) ? err.code : "INTERNAL" },
    });
    throw err;
  }
}
