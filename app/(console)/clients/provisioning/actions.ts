"use server";
import { requireActor } from "@/lib/auth/request/current-actor";
import { attempt, type ActionResult } from "@/components/action-state";
import { retryProvisioning, rollbackProvisioning } from "@/lib/provisioning/provisioning";

// Retry and roll back from the live provisioning view; the domain decides who may (client:provision)
// and whether the run is in a state that allows it. The view follows the result on its stream.

export async function retryProvisioningAction(clientId: string, fromStep: string): Promise<ActionResult<string>> {
  return attempt(
    async () => (
      await retryProvisioning({ actor: await requireActor(), clientId, fromStep }),
      `Retrying from ${fromStep.toLowerCase()}`
    ),
  );
}

export async function rollbackProvisioningAction(clientId: string): Promise<ActionResult<string>> {
  return attempt(async () => (await rollbackProvisioning({ actor: await requireActor(), clientId }), "Rolling back"));
}
