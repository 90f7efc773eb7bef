"use server";
import { revalidatePath } from "next/cache";
import { changeOwnPassword } from "@/lib/auth/change-password";
import { requireActor } from "@/lib/auth/current-actor";
import { isStepUpRequired } from "@/lib/auth/step-up-required";
import { passkeyRegistrationOptions, registerPasskey, renamePasskey, revokePasskey } from "@/lib/auth/passkeys";
import { isAppError } from "@/lib/errors";

/** `stepUp`: registering a passkey asks for a confirmation first (components/step-up-dialog.tsx). */
type Result<T = true> = { ok: T; error?: undefined; stepUp?: undefined } | { ok?: undefined; error: string; stepUp?: boolean };

async function run<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    const ok = await work();
    revalidatePath("/settings/security");
    return { ok };
  } catch (err) {
    if (isAppError(err)) return { error: err.message, ...(isStepUpRequired(err) ? { stepUp: true } : {}) };
    throw err;
  }
}

export type PasswordState = { ok?: string; error?: string; fields?: Record<string, string> };

/** Settings → Security: change your own password with the current one. */
export async function changePasswordAction(_prev: PasswordState, form: FormData): Promise<PasswordState> {
  try {
    const { revokedSessions } = await changeOwnPassword({ actor: await requireActor(), currentPassword: form.get("currentPassword"), newPassword: form.get("newPassword") });
    return { ok: `Password changed.${revokedSessions ? ` ${revokedSessions} other session${revokedSessions === 1 ? " was" : "s were"} signed out.` : ""}` };
  } catch (err) {
    if (!isAppError(err)) throw err;
    return { error: err.message, fields: (err.details?.fields ?? undefined) as Record<string, string> | undefined };
  }
}

export async function passkeyOptionsAction() {
  return run(async () => passkeyRegistrationOptions({ actor: await requireActor() }));
}

export async function registerPasskeyAction(response: unknown, name: string) {
  return run(async () => registerPasskey({ actor: await requireActor(), response, name }));
}

export async function renamePasskeyAction(id: string, name: string) {
  return run(async () => renamePasskey({ actor: await requireActor(), id, name }));
}

export async function revokePasskeyAction(id: string) {
  return run(async () => revokePasskey({ actor: await requireActor(), id }));
}
