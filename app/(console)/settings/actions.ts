"use server";
import { revalidatePath } from "next/cache";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { requireActor } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";

export type TokenState = { error?: string; token?: string };

export async function createTokenAction(_prev: TokenState, form: FormData): Promise<TokenState> {
  try {
    const created = await createApiToken({ actor: await requireActor(), name: form.get("name"), expiresInDays: Number(form.get("expiresInDays") ?? 90) });
    revalidatePath("/settings");
    return { token: created.token };
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
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
