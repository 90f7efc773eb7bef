"use server";
import { changeOwnPassword } from "@/lib/auth/password/change-password";
import { requireActor } from "@/lib/auth/request/current-actor";
import {
  passkeyRegistrationOptions,
  registerPasskey,
  renamePasskey,
  revokePasskey,
} from "@/lib/auth/passkeys/passkeys";
import { attempt, refusal, type ActionState } from "@/components/action-state";

// Registering a passkey asks for a step-up first (components/step-up-dialog.tsx): `stepUp`.
const run = <T>(work: () => Promise<T>) => attempt(work, { revalidate: ["/settings/security"] });

/** Settings → Security: change your own password with the current one. */
export async function changePasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const { revokedSessions } = await changeOwnPassword({
      actor: await requireActor(),
      currentPassword: form.get("currentPassword"),
      newPassword: form.get("newPassword"),
    });
    return {
      ok: `Password changed.${revokedSessions ? ` ${revokedSessions} other session${revokedSessions === 1 ? " was" : "s were"} signed out.` : ""}`,
    };
  } catch (err) {
    const { error, fields } = refusal(err);
    return { error, fields };
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
