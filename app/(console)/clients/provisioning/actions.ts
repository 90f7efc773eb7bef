"use server";
import { requireActor } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { retryProvisioning, rollbackProvisioning } from "@/lib/provisioning/provisioning";

// Retry and roll back from the live provisioning view; the domain decides who may (client:provision)
// and whether the run is in a state that allows it. The view follows the result on its stream.
export type ProvisioningActionResult = { ok?: string; error?: string };

async function attempt(work: () => Promise<string>): Promise<ProvisioningActionResult> {
  try {
    return { ok: await work() };
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    throw err;
  }
}

export async function retryProvisioningAction(clientId: string, fromStep: string): Promise<ProvisioningActionResult> {
  return attempt(async () => (await retryProvisioning({ actor: await requireActor(), clientId, fromStep }), `Retrying from ${fromStep.toLowerCase()}`));
}

export async function rollbackProvisioningAction(clientId: string): Promise<ProvisioningActionResult> {
  return attempt(async () => (await rollbackProvisioning({ actor: await requireActor(), clientId }), "Rolling back"));
}
