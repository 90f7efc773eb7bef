import "server-only";
import { z } from "zod";
import { requirePermission, type Actor } from "../auth/actor";
import { requireStepUp } from "../auth/step-up";
import { auditDenied } from "../audit/audited";
import { recordAudit } from "../audit/record";
import { execInContainer, type ExecOutcome } from "../docker/exec";
import { AppError, isAppError, validationError } from "../errors";
import { findService } from "./list-services";
import { mayReach } from "./scope";

// A one-shot command in a service's container, for DEVELOPER and SUPER_ADMIN (container:exec).
// The argv goes to Docker as an array: no shell parses it. The audit row records the command.
export const EXEC_MAX_BYTES = 64 * 1024;

const input = z.object({
  command: z.array(z.string().max(4096).refine((a) => !a.includes("\0"), "must not contain NUL")).min(1, "needs a program").max(64),
  timeoutSeconds: z.number().int().min(1).max(300).default(30),
});

export async function execInService({ actor, id, command, timeoutSeconds }: { actor: Actor; id: string; command: unknown; timeoutSeconds?: number | null }): Promise<ExecOutcome> {
  requirePermission(actor, "service:read");
  const parsed = input.safeParse({ command, timeoutSeconds: timeoutSeconds ?? undefined });
  if (!parsed.success) throw validationError(parsed.error.issues);
  const service = await findService(actor, id, "service:read");
  const resource = { type: "service", id: service.id };
  if (!mayReach(actor, "container:exec", service.clientId)) {
    await auditDenied(actor, "service.exec", resource, "missing permission container:exec");
    throw new AppError("FORBIDDEN", "Missing permission container:exec", { permission: "container:exec" });
  }
  await requireStepUp(actor, { action: "service.exec", resource });
  if (service.status !== "RUNNING") throw new AppError("CONFLICT", `${service.name} is not running`);
  const base = { userId: actor.userId, action: "service.exec", resourceType: "service", resourceId: service.id, ip: actor.ip, userAgent: actor.userAgent };
  const details = { host: service.host, name: service.name, clientId: service.clientId, command: parsed.data.command, timeoutSeconds: parsed.data.timeoutSeconds };
  try {
    const outcome = await execInContainer({ host: service.host, containerId: service.id }, parsed.data.command, { timeoutMs: parsed.data.timeoutSeconds * 1000, maxBytes: EXEC_MAX_BYTES });
    await recordAudit({ ...base, result: "success", details: { ...details, exitCode: outcome.exitCode, timedOut: outcome.timedOut, truncated: outcome.truncated, durationMs: outcome.durationMs } });
    return outcome;
  } catch (err) {
    await recordAudit({ ...base, result: "failure", details: { ...details, error: isAppError(err) ? err.message : "internal error" } });
    throw err;
  }
}
