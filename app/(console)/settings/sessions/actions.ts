"use server";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/request/current-actor";
import { revokeAllMySessions, revokeMySession } from "@/lib/auth/session/sessions-admin";
import { refusal } from "@/components/action-state";

export async function signOutDeviceAction(id: string): Promise<{ error?: string }> {
  try {
    await revokeMySession({ actor: await requireActor(), id });
    revalidatePath("/settings/sessions");
    return {};
  } catch (err) {
    return { error: refusal(err).error };
  }
}

export async function signOutEverywhereAction(): Promise<{ error?: string; count?: number }> {
  try {
    const count = await revokeAllMySessions({ actor: await requireActor() });
    return { count };
  } catch (err) {
    return { error: refusal(err).error };
  }
}
