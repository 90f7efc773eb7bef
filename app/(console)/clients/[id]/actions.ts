"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/request/current-actor";
import { getClient } from "@/lib/clients/list-clients";
import { deleteClient, resumeClient, suspendClient } from "@/lib/clients/lifecycle";
import { updateClient } from "@/lib/clients/write-client";
import { addClientUser, removeClientUser } from "@/lib/clients/client-users";
import { attempt, text, type ActionState } from "@/components/action-state";
import { AppError, isAppError } from "@/lib/errors";

// Server actions of the client page: one domain function each, errors reported plainly. The
// domain layer decides every permission; these only parse and call.

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

/** One domain call from the client page; the page shows the outcome. */
const onClientPage = (id: string, work: () => Promise<string>): Promise<ActionState> =>
  attempt(work, { revalidate: [`/clients/${id}`] });

/** Name and domain; a domain left as it is, is no change (the domain decides who may change it). */
export async function updateClientAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const id = text(form, "id");
  return onClientPage(id, async () => {
    const input = { name: text(form, "name"), ...(form.has("domain") ? { domain: text(form, "domain") } : {}) };
    const c = await updateClient({ actor: await requireActor(), id, input });
    return `Saved: ${c.name} (${c.domain})`;
  });
}

export async function suspendClientAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const id = text(form, "id");
  return onClientPage(
    id,
    async () => (
      await suspendClient({ actor: await requireActor(), id }),
      "Client suspended: its services are stopped"
    ),
  );
}

export async function resumeClientAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const id = text(form, "id");
  return onClientPage(
    id,
    async () => (await resumeClient({ actor: await requireActor(), id }), "Client resumed: its services are started"),
  );
}

/** Deletes only when the typed domain matches the client's: a slip of the mouse deletes nothing. */
export async function deleteClientAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const id = text(form, "id");
  const outcome = await onClientPage(id, async () => {
    const actor = await requireActor();
    const client = await getClient({ actor, id });
    if (text(form, "confirm").toLowerCase() !== client.domain)
      throw new AppError("VALIDATION", `Type ${client.domain} to confirm the deletion`);
    await deleteClient({ actor, id });
    return "deleted";
  });
  if (outcome.ok) {
    revalidatePath("/clients");
    redirect("/clients");
  }
  return outcome;
}

export async function addClientUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const id = text(form, "id");
  return onClientPage(id, async () => {
    const u = await addClientUser({
      actor: await requireActor(),
      clientId: id,
      input: { user: text(form, "user"), role: text(form, "role") },
    });
    return `${u.username} is now ${u.role === "admin" ? "an admin" : "a user"} of this client`;
  });
}

export async function removeClientUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const id = text(form, "id");
  return onClientPage(
    id,
    async () => (
      await removeClientUser({ actor: await requireActor(), clientId: id, userId: text(form, "userId") }),
      "User removed from this client"
    ),
  );
}
