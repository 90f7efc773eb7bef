import { z } from "zod";
import { templateFor, TEMPLATE_TYPES, type ServiceTemplate } from "./templates";

// What a run will build, derived only from the client and the run's input, never from an attempt:
// a resumed or retried step computes the same names and finds what an earlier attempt made.

export const MAX_LOGO_BYTES = 48 * 1024;
const COLOR = /^#[0-9a-fA-F]{6}$/;
const LOGO = /^data:image\/(png|jpeg|svg\+xml|webp);base64,([A-Za-z0-9+/]+={0,2})$/;

// null (as GraphQL sends a field set to null) means "not given".
const absent = <T extends z.ZodType>(s: T) => s.nullish().transform((v) => v ?? undefined);
export const brandingSchema = z.object({
  logo: absent(
    z
      .string()
      .max(Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 40, `is larger than ${MAX_LOGO_BYTES / 1024} KB`)
      .regex(LOGO, "must be a data: URL of a PNG, JPEG, SVG or WebP image (base64)"),
  ),
  primaryColor: absent(z.string().regex(COLOR, "must be a colour like #1a2b3c")),
  accentColor: absent(z.string().regex(COLOR, "must be a colour like #1a2b3c")),
});
export type Branding = z.infer<typeof brandingSchema>;

export const runInputSchema = z.object({
  services: z
    .array(z.enum(TEMPLATE_TYPES))
    .max(TEMPLATE_TYPES.length)
    .refine((s) => new Set(s).size === s.length, "lists a service type twice"),
  plan: z.string().trim().min(1).max(50).optional(),
  branding: brandingSchema.optional(),
});
export type RunInput = z.infer<typeof runInputSchema>;

export type PlannedService = {
  type: ServiceTemplate["type"];
  /** services.name and the container name: snx-<client>-<template name> */
  name: string;
  /** fully qualified host name, or null when the service is not public */
  host: string | null;
  template: ServiceTemplate;
  volumes: { name: string; target: string }[];
};

export const clientShort = (clientId: string) => clientId.replace(/-/g, "").slice(0, 12);
export const networkName = (clientId: string) => `snx-${clientShort(clientId)}`;

export function planServices(client: { id: string; domain: string }, input: RunInput): PlannedService[] {
  return input.services.map((type) => {
    const template = templateFor(type);
    const name = `snx-${clientShort(client.id)}-${template.name}`;
    const host =
      template.subdomain === null
        ? null
        : template.subdomain === "@"
          ? client.domain
          : `${template.subdomain}.${client.domain}`;
    return {
      type,
      name,
      host,
      template,
      volumes: template.volumes.map((v) => ({ name: `${name}-${v.name}`, target: v.target })),
    };
  });
}
