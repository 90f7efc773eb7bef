"use server";
import { revalidatePath } from "next/cache";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens/api-tokens";
import { requireActor } from "@/lib/auth/request/current-actor";
import { refusal, type ActionState } from "@/components/action-state";

/** The new token's secret, shown once; a new token asks for a step-up first (`stepUp`). */
export type TokenState = Pick<ActionState, "error" | "stepUp"> & { token?: string };

export async function createTokenAction(_prev: TokenState, form: FormData): Promise<TokenState> {
  try {
    const created = await createApiToken({
      actor: await requireActor(),
      name: form.get("name"),
      expiresInDays: Number(form.get("expiresInDays") ?? 90),
    });
    revalidatePath("/settings");
    return { token: created.token };
  } catch (err) {
    return refusal(err);
  }
}

export async function revokeTokenAction(id: string): Promise<{ error?: string }> {
  try {
    await revokeApiToken({ actor: await requireActor(), id });
    revalidatePath("/settings");
    return {};
  } catch (err) {
    return refusal(err);
  }
}
