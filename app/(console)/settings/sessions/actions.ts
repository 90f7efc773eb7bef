"use server";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/current-actor";
import { revokeAllMySessions, revokeMySession } from "@/lib/auth/sessions-admin";
import { isAppError } from "@/lib/errors";

export async function signOutDeviceAction(id: string): Promise<{ error?: string }> {
  try {
    await revokeMySession({ actor: await requireActor(), id });
    revalidatePath("/settings/sessions");
    return {};
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    throw err;
  }
}

export async function signOutEverywhereAction(): Promise<{ error?: string; count?: number }> {
  try {
    const count = await revokeAllMySessions({ actor: await requireActor() });
    return { count };
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    throw err;
  }
}
