"use server";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/request/current-actor";
import { createClient } from "@/lib/clients/write-client";
import { refusal } from "@/components/action-state";

// The create wizard's one server action: the whole input at the end, one domain call. Field
// problems come back keyed as the domain names them (name, domain, billing.price, services,
// branding.logo …) so the wizard shows each under its field and opens the step that holds it.

export type WizardInput = {
  name: string;
  domain: string;
  plan: string;
  price: string;
  currency: string;
  services: string[];
  logo?: string;
  primaryColor?: string;
  accentColor?: string;
};
export type WizardResult =
  { ok: true; id: string; name: string } | { ok: false; error: string; fields: Record<string, string> };

export async function createClientWizardAction(input: WizardInput): Promise<WizardResult> {
  const plan = input.plan.trim();
  const price = input.price.trim();
  const currency = input.currency.trim();
  // Billing is wanted when a plan or a price is given (currency has a default in the wizard); a
  // half-filled one goes to validation as given (it says what is missing).
  const billing =
    plan || price ? { billing: { plan, price: price === "" ? Number.NaN : Number(price), currency } } : {};
  const branding =
    input.logo || input.primaryColor || input.accentColor
      ? {
          branding: {
            ...(input.logo ? { logo: input.logo } : {}),
            ...(input.primaryColor ? { primaryColor: input.primaryColor } : {}),
            ...(input.accentColor ? { accentColor: input.accentColor } : {}),
          },
        }
      : {};
  try {
    const client = await createClient({
      actor: await requireActor(),
      input: {
        name: input.name,
        domain: input.domain,
        services: input.services,
        ...(plan ? { plan } : {}),
        ...billing,
        ...branding,
      },
    });
    revalidatePath("/clients");
    return { ok: true, id: client.id, name: client.name };
  } catch (err) {
    const { error, fields } = refusal(err);
    return { ok: false, error, fields: fields ?? {} };
  }
}
