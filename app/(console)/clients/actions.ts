"use server";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/request/current-actor";
import { createClient } from "@/lib/clients/write-client";
import { formValues, refusal, text, type ActionState } from "@/components/action-state";

// Server actions of the clients list: parse the form, call one domain function, report plainly.

export async function createClientAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const plan = text(form, "plan");
  try {
    const client = await createClient({
      actor: await requireActor(),
      input: {
        name: text(form, "name"),
        domain: text(form, "domain"),
        // Billing is all three fields or none; a half-filled one goes to validation as given.
        ...(plan || text(form, "price") || text(form, "currency")
          ? {
              billing: {
                plan,
                price: text(form, "price") === "" ? Number.NaN : Number(text(form, "price")),
                currency: text(form, "currency"),
              },
            }
          : {}),
      },
    });
    revalidatePath("/clients");
    return { ok: `Client ${client.name} (${client.domain}) created` };
  } catch (err) {
    return { error: refusal(err).error, values: formValues(form) };
  }
}
