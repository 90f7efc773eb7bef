import { domainProblem } from "@/lib/clients/validate";
import { normaliseName } from "@/lib/dns/names";
import type { WizardInput } from "./actions";

// The wizard's steps, which step holds which field (the domain's field keys: name, domain,
// billing.price, services.0, branding.logo …) and the checks each step makes before "Next". The
// domain checks everything again on create; these only save a round trip.

export const STEPS = ["Name", "Domain", "Plan", "Services", "Branding", "Review"] as const;

export function stepOfField(field: string): number {
  const head = field.split(".")[0]!;
  if (head === "name") return 0;
  if (head === "domain") return 1;
  if (head === "billing" || head === "plan") return 2;
  if (head === "services") return 3;
  if (head === "branding") return 4;
  return 5;
}

export type Fields = Record<string, string>;

export function checkStep(step: number, v: WizardInput): Fields {
  const out: Fields = {};
  if (step === 0) {
    const name = v.name.trim();
    if (!name) out.name = "is required";
    else if (name.length > 255) out.name = "is longer than 255 characters";
  }
  if (step === 1) {
    const problem = domainProblem(normaliseName(v.domain));
    if (problem) out.domain = problem;
  }
  // The currency field has a default, so only a plan or a price makes billing wanted.
  if (step === 2 && (v.plan.trim() || v.price.trim())) {
    if (!v.plan.trim()) out["billing.plan"] = "is required when a price is given";
    const price = Number(v.price);
    if (v.price.trim() === "" || !Number.isFinite(price)) out["billing.price"] = "is required (a number)";
    else if (price < 0) out["billing.price"] = "cannot be negative";
    if (!/^[A-Za-z]{3}$/.test(v.currency.trim())) out["billing.currency"] = "must be a 3-letter ISO 4217 code";
  }
  return out;
}

/** The first field error of a step, by the field keys that belong to it. */
export const errorsOfStep = (fields: Fields, step: number) =>
  Object.entries(fields).filter(([k]) => stepOfField(k) === step);
