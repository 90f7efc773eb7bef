"use server";
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { requireActor } from "@/lib/auth/current-actor";
import { confirmStepUpWithPasskey, confirmStepUpWithPassword, stepUpMethods, stepUpPasskeyOptions } from "@/lib/auth/step-up";
import { isAppError } from "@/lib/errors";

// Server actions of the step-up dialog (components/step-up-dialog.tsx): one domain call each.
type Result<T> = { ok: T; error?: undefined } | { ok?: undefined; error: string };

async function run<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: await work() };
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    throw err;
  }
}

export async function stepUpMethodsAction() {
  return run(async () => stepUpMethods({ actor: await requireActor() }));
}

export async function stepUpPasswordAction(password: string) {
  return run(async () => (await confirmStepUpWithPassword({ actor: await requireActor(), password }), true));
}

export async function stepUpPasskeyOptionsAction(): Promise<Result<PublicKeyCredentialRequestOptionsJSON>> {
  return run(async () => stepUpPasskeyOptions({ actor: await requireActor() }));
}

export async function stepUpPasskeyAction(response: AuthenticationResponseJSON) {
  return run(async () => (await confirmStepUpWithPasskey({ actor: await requireActor(), response }), true));
}
