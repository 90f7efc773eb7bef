"use server";
import { requireActor } from "@/lib/auth/current-actor";
import { getClient } from "@/lib/clients/list-clients";
import { isAppError } from "@/lib/errors";

/** Current status of a client, for the client page's refresh button. Same scope as every door. */
export async function clientStatusAction(id: string): Promise<{ status?: string; error?: string }> {
  try {
    const client = await getClient({ actor: await requireActor(), id });
    return { status: client.status };
  } catch (err) {
    if (isAppError(err)) return { error: err.code };
    throw err;
  }
}
