import { z } from "zod";

// What a service template says, checked with zod when the catalog loads (a broken template
// stops the start, naming the template and the field). Values in `env`, `command` and `labels`
// may refer to:  ${secret:<name>} (a secret of this service listed in `secrets`, generated once
// per client and stored sealed), ${domain} (the client's domain), ${host} (this service's host
// name), ${client} (the client id) and ${service} (this service's container name).

export const TEMPLATE_TYPES = ["ERP", "PORTAL", "WEBSITE", "MONITORING", "DNS", "EMAIL", "DATABASE", "CACHE"] as const;
export type TemplateType = (typeof TEMPLATE_TYPES)[number];

const NAME = /^[a-z][a-z0-9-]{0,19}$/;
const PLACEHOLDER = /\$\{([a-z]+)(?::([a-z0-9_]+))?\}/g;

const volume = z.object({
  name: z.string().regex(NAME),
  target: z.string().regex(/^\/[^:]*$/, "must be an absolute container path"),
});
const port = z.object({
  container: z.number().int().min(1).max(65535),
  protocol: z.enum(["tcp", "udp"]).default("tcp"),
});
const healthcheck = z.object({
  test: z.array(z.string()).min(2),
  intervalSeconds: z.number().int().min(1).max(3600).default(30),
  timeoutSeconds: z.number().int().min(1).max(600).default(10),
  retries: z.number().int().min(1).max(20).default(3),
  startPeriodSeconds: z.number().int().min(0).max(3600).default(0),
});
const record = z.object({
  name: z.string().min(1).max(63),
  type: z.enum(["A", "CNAME", "MX", "TXT"]),
  value: z.string().min(1).max(255).optional(),
  priority: z.number().int().min(0).max(65535).optional(),
});

export const templateSchema = z
  .object({
    type: z.enum(TEMPLATE_TYPES),
    /** part of the container name: snx-<client>-<name> */
    name: z.string().regex(NAME),
    title: z.string().min(1).max(100),
    description: z.string().max(500).default(""),
    image: z.string().min(1).max(255),
    command: z.array(z.string()).optional(),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
    /** secrets generated for this service (32 random bytes, base64url) */
    secrets: z.array(z.string().regex(/^[a-z0-9_]{1,40}$/)).default([]),
    volumes: z.array(volume).default([]),
    ports: z.array(port).default([]),
    /** the port Traefik routes HTTPS traffic to; null for services not reached from outside */
    httpPort: z.number().int().min(1).max(65535).nullable().default(null),
    /** host name below the client's domain ("@" for the domain itself), null when not public */
    subdomain: z
      .string()
      .regex(/^(@|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)$/)
      .nullable()
      .default(null),
    /** extra DNS records beyond the host name's; value may use ${domain} */
    records: z.array(record).default([]),
    healthcheck: healthcheck.optional(),
    labels: z.record(z.string(), z.string()).default({}),
    resources: z.object({ memoryMb: z.number().int().min(16).max(262_144), cpus: z.number().min(0.05).max(64) }),
    /** signs in through the client's Authentik application when Authentik is configured */
    sso: z.boolean().default(false),
    stopSignal: z
      .string()
      .regex(/^SIG[A-Z0-9]+$/)
      .optional(),
  })
  .superRefine((t, ctx) => {
    const texts = [...Object.values(t.env), ...(t.command ?? []), ...Object.values(t.labels)];
    for (const text of texts) {
      for (const [, kind, arg] of text.matchAll(PLACEHOLDER)) {
        if (kind === "secret" && !t.secrets.includes(arg ?? ""))
          ctx.addIssue({
            code: "custom",
            path: ["env"],
            message: `refers to \${secret:${arg}} which is not in secrets`,
          });
        else if (kind !== "secret" && !["domain", "host", "client", "service"].includes(kind!))
          ctx.addIssue({ code: "custom", path: ["env"], message: `unknown placeholder \${${kind}}` });
      }
    }
    if (t.httpPort !== null && t.subdomain === null)
      ctx.addIssue({
        code: "custom",
        path: ["subdomain"],
        message: "is required when httpPort is set (Traefik routes by host name)",
      });
  });

export type ServiceTemplate = z.output<typeof templateSchema>;
export type TemplateInput = z.input<typeof templateSchema>;

/** Replaces the placeholders of one text; unknown secrets are an error (checked at load already). */
export function expand(
  text: string,
  values: { secrets: Record<string, string>; domain: string; host: string; client: string; service: string },
): string {
  return text.replace(PLACEHOLDER, (_m, kind: string, arg?: string) => {
    if (kind === "secret") {
      const v = values.secrets[arg ?? ""];
      if (v === undefined) throw new Error(`secret ${arg} was not generated`);
      return v;
    }
    return values[kind as "domain" | "host" | "client" | "service"];
  });
}
