"use server";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/current-actor";
import { passkeyRegistrationOptions, registerPasskey, renamePasskey, revokePasskey } from "@/lib/auth/passkeys";
import { isAppError } from "@/lib/errors";

type Result<T = true> = { ok: T; error?: undefined } | { ok?: undefined; error: string };

async function run<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    const ok = await work();
    revalidatePath("/settings/security");
    return { ok };
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    throw err;
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
