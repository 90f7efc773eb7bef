import "server-only";
import { z } from "zod";
import { requirePermission, type Actor } from "../auth/actor";
import { execInContainer, type ExecOutcome } from "../docker/exec";
import { AppError } from "../errors";
import { auditedCall, parseInput } from "../kit";
import { findService } from "./list-services";
import { requireServiceAccess } from "./container-access";

// A one-shot command in a service's container, for DEVELOPER and SUPER_ADMIN (container:exec) in
// containers the product manages; platform containers only when ALLOW_PLATFORM_EXEC is on.
// The argv goes to Docker as an array: no shell parses it. The audit row records the command.
export const EXEC_MAX_BYTES = 64 * 1024;

const input = z.object({
  command: z
    .array(
      z
        .string()
        .max(4096)
        .refine((a) => !a.includes("\0"), "must not contain NUL"),
    )
    .min(1, "needs a program")
    .max(64),
  timeoutSeconds: z.number().int().min(1).max(300).default(30),
});

export async function execInService({
  actor,
  id,
  command,
  timeoutSeconds,
}: {
  actor: Actor;
  id: string;
  command: unknown;
  timeoutSeconds?: number | null;
}): Promise<ExecOutcome> {
  requirePermission(actor, "service:read");
  const parsed = parseInput(input, { command, timeoutSeconds: timeoutSeconds ?? undefined });
  const service = await findService(actor, id, "service:read");
  // container:exec in scope, never a platform container unless the operator allows it, and a
  // fresh step-up (lib/services/container-access.ts, ADR 026)
  await requireServiceAccess(actor, service, "exec", "service.exec");
  if (service.status !== "RUNNING") throw new AppError("CONFLICT", `${service.name} is not running`);
  const details = {
    host: service.host,
    name: service.name,
    clientId: service.clientId,
    command: parsed.command,
    timeoutSeconds: parsed.timeoutSeconds,
  };
  return auditedCall(
    actor,
    "service.exec",
    { type: "service", id: service.id },
    async () => {
      const outcome = await execInContainer({ host: service.host, containerId: service.id }, parsed.command, {
        timeoutMs: parsed.timeoutSeconds * 1000,
        maxBytes: EXEC_MAX_BYTES,
      });
      return {
        result: outcome,
        details: {
          exitCode: outcome.exitCode,
          timedOut: outcome.timedOut,
          truncated: outcome.truncated,
          durationMs: outcome.durationMs,
        },
      };
    },
    { details },
  );
}
