import { z } from "zod";
import { validationError } from "../errors";
import { normaliseName } from "../dns/names";
import { parseInput } from "../kit/parse"; // not the barrel: this file is bundled into the wizard, and the barrel is server-only

// In the browser (the create wizard checks its steps with these rules) zod must not probe for
// eval: the console's CSP forbids it and every probe is a reported violation (ADR 028).
if (typeof window !== "undefined") z.config({ jitless: true });

// Input rules of a client, shared by create and update. Bad input throws VALIDATION before any
// change is made.

export const METADATA_MAX_BYTES = 64 * 1024;

/** RFC 1123 host name: labels of 1-63 letters, digits and hyphens (not at either end), at least
 *  two labels, at most 253 characters. Stored normalised (lower case, punycode, no final dot). */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export function domainProblem(domain: string): string | null {
  if (domain.length === 0) return "is required";
  if (domain.length > 253) return "is longer than 253 characters";
  const labels = domain.split(".");
  if (labels.length < 2) return "needs at least two labels (like example.com)";
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) return `label "${bad}" is not valid (letters, digits and inner hyphens, 1-63 characters)`;
  if (/^[0-9]+$/.test(labels.at(-1)!)) return "top-level label cannot be all digits";
  return null;
}

const name = z.string().trim().min(1, "is required").max(255, "is longer than 255 characters");
// One form for every spelling (case, trailing dot, IDN): lib/dns/names.ts normaliseName.
const domain = z
  .string()
  .transform(normaliseName)
  .superRefine((d, ctx) => {
    const p = domainProblem(d);
    if (p) ctx.addIssue({ code: "custom", message: p });
  });
export const billingSchema = z.object({
  plan: z.string().trim().min(1, "is required").max(50),
  price: z.number().finite().min(0, "cannot be negative").max(1_000_000_000),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "must be a 3-letter ISO 4217 code"),
});
export type Billing = z.infer<typeof billingSchema>;
const metadata = z.record(z.string(), z.unknown());

export const createSchema = z.object({
  name,
  domain,
  metadata: metadata.optional(),
  billing: billingSchema.optional(),
  // With `services` (even empty) the client is provisioned (lib/provisioning); without, it is a
  // bare client, ACTIVE at once. plan and branding are checked by the provisioning input rules.
  services: z.array(z.string()).optional(),
  plan: z.string().optional(),
  branding: z.unknown().optional(),
});
export const updateSchema = z.object({
  name: name.optional(),
  domain: domain.optional(),
  metadata: metadata.optional(),
  billing: billingSchema.nullable().optional(),
});

/** The stored metadata: `billing` lives under metadata.billing (no schema change for this slice,
 *  docs/decisions/012-clients.md). Checks the 64 KB limit on what would be stored. */
export function composeMetadata(
  base: Record<string, unknown>,
  billing: Billing | null | undefined,
): Record<string, unknown> {
  const out = { ...base };
  if (billing === null) delete out.billing;
  else if (billing) out.billing = billing;
  else if (out.billing !== undefined) out.billing = parseInput(billingSchema, out.billing);
  const bytes = Buffer.byteLength(JSON.stringify(out), "utf8");
  if (bytes > METADATA_MAX_BYTES) {
    throw validationError([
      { path: ["metadata"], message: `is ${bytes} bytes; at most ${METADATA_MAX_BYTES} (64 KB) allowed` },
    ]);
  }
  return out;
}
