"use server";
import { requireActor } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { restartService, startService, stopService } from "@/lib/services/control-service";

const ACTIONS = { start: startService, stop: stopService, restart: restartService } as const;

/** start/stop/restart from the service page; the domain checks scope and permission and audits. */
export async function serviceControlAction(id: string, action: string): Promise<{ status?: string; error?: string }> {
  const run = ACTIONS[action as keyof typeof ACTIONS];
  if (!run) return { error: "VALIDATION" };
  try {
    const service = await run({ actor: await requireActor(), id });
    return { status: service.status };
  } catch (err) {
    if (isAppError(err)) return { error: `${err.code}: ${err.message}` };
    throw err;
  }
}
