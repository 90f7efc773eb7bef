"use server";
import { revalidatePath } from "next/cache";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { requireActor } from "@/lib/auth/current-actor";
import { isStepUpRequired } from "@/lib/auth/step-up-required";
import { isAppError } from "@/lib/errors";

/** `stepUp`: a new token asks for a confirmation first (components/step-up-dialog.tsx). */
export type TokenState = { error?: string; token?: string; stepUp?: boolean };

export async function createTokenAction(_prev: TokenState, form: FormData): Promise<TokenState> {
  try {
    const created = await createApiToken({ actor: await requireActor(), name: form.get("name"), expiresInDays: Number(form.get("expiresInDays") ?? 90) });
    revalidatePath("/settings");
    return { token: created.token };
  } catch (err) {
    if (isAppError(err)) return { error: err.message, ...(isStepUpRequired(err) ? { stepUp: true } : {}) };
    throw err;
  }
}

export async function revokeTokenAction(id: string): Promise<{ error?: string }> {
  try {
    await revokeApiToken({ actor: await requireActor(), id });
    revalidatePath("/settings");
    return {};
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    throw err;
  }
}
