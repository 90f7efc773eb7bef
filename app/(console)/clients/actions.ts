"use server";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/current-actor";
import { createClient } from "@/lib/clients/write-client";
import { isAppError } from "@/lib/errors";

// Server actions of the clients list: parse the form, call one domain function, report plainly.
/** `values` hands a refused form its input back: React resets a form after its action. */
export type FormState = { error?: string; ok?: string; values?: Record<string, string> };

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

export async function createClientAction(_prev: FormState, form: FormData): Promise<FormState> {
  const plan = text(form, "plan");
  try {
    const client = await createClient({
      actor: await requireActor(),
      input: {
        name: text(form, "name"),
        domain: text(form, "domain"),
        // Billing is all three fields or none; a half-filled one goes to validation as given.
        ...(plan || text(form, "price") || text(form, "currency")
          ? { billing: { plan, price: text(form, "price") === "" ? Number.NaN : Number(text(form, "price")), currency: text(form, "currency") } }
          : {}),
      },
    });
    revalidatePath("/clients");
    return { ok: `Client ${client.name} (${client.domain}) created` };
  } catch (err) {
    if (!isAppError(err)) throw err;
    return { error: err.message, values: Object.fromEntries([...form].map(([k, v]) => [k, String(v)])) };
  }
}
