"use server";
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { requireActor } from "@/lib/auth/request/current-actor";
import {
  confirmStepUpWithPasskey,
  confirmStepUpWithPassword,
  stepUpMethods,
  stepUpPasskeyOptions,
} from "@/lib/auth/step-up/step-up";
import { attempt, type ActionResult } from "./action-state";

// Server actions of the step-up dialog (components/step-up-dialog.tsx): one domain call each.

export async function stepUpMethodsAction() {
  return attempt(async () => stepUpMethods({ actor: await requireActor() }));
}

export async function stepUpPasswordAction(password: string) {
  return attempt(async () => (await confirmStepUpWithPassword({ actor: await requireActor(), password }), true));
}

export async function stepUpPasskeyOptionsAction(): Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>> {
  return attempt(async () => stepUpPasskeyOptions({ actor: await requireActor() }));
}

export async function stepUpPasskeyAction(response: AuthenticationResponseJSON) {
  return attempt(async () => (await confirmStepUpWithPasskey({ actor: await requireActor(), response }), true));
}
