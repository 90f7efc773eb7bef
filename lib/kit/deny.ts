import "server-only";
import { can, type Actor } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import { AppError } from "../errors";
import { auditDenied, type Resource } from "./audited";

/** What a refused attempt was: the audit row's action and resource. */
export type Attempt = { action: string; resource: Resource };

/** The permission check of a change: without `permission`, the attempt is audited as denied
 *  (once) and FORBIDDEN thrown, before any work. */
export async function denyUnless(actor: Actor, permission: Permission, attempt: Attempt): Promise<void> {
  if (can(actor, permission)) return;
  await refuse(
    actor,
    attempt,
    `missing permission ${permission}`,
    new AppError("FORBIDDEN", `Missing permission ${permission}`, { permission }),
  );
}

/** Any other refusal (outside the actor's scope, client suspended, step-up): audits the attempt
 *  as denied with `reason` and throws `error` (NOT_FOUND where existence must not leak). */
export async function refuse(actor: Actor, attempt: Attempt, reason: string, error: AppError): Promise<never> {
  await auditDenied(actor, attempt.action, attempt.resource, reason);
  throw error;
}
