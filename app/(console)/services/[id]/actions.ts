"use server";
import { requireActor } from "@/lib/auth/request/current-actor";
import { refusal } from "@/components/action-state";
import type { ExecOutcome } from "@/lib/docker/exec";
import { restartService, startService, stopService } from "@/lib/services/control-service";
import { execInService } from "@/lib/services/exec-in-service";

const ACTIONS = { start: startService, stop: stopService, restart: restartService } as const;

/** start/stop/restart from the service page; the domain checks scope and permission and audits. */
export async function serviceControlAction(
  id: string,
  action: string,
): Promise<{ status?: string; error?: string; stepUp?: boolean }> {
  const run = ACTIONS[action as keyof typeof ACTIONS];
  if (!run) return { error: "VALIDATION" };
  try {
    const service = await run({ actor: await requireActor(), id });
    return { status: service.status };
  } catch (err) {
    // a platform container asks a SUPER_ADMIN for a step-up first (ADR 026): `stepUp`
    return refusal(err, { withCode: true });
  }
}

export type ExecState = { result?: ExecOutcome; error?: string; stepUp?: boolean };

/** One command in the service's container, from the exec panel; the domain checks the role
 *  (container:exec), validates the argv and timeout, runs it without a shell and audits it. */
export async function execAction(id: string, command: string[], timeoutSeconds: number): Promise<ExecState> {
  try {
    return { result: await execInService({ actor: await requireActor(), id, command, timeoutSeconds }) };
  } catch (err) {
    return refusal(err, { withCode: true });
  }
}
