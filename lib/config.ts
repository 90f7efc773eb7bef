import "server-only";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { BlockList, isIP } from "node:net";
import { z } from "zod";
import { parseGroupMapping } from "./identity/group-pattern-match";

// Parsed once per process. Every secret may also be given as NAME_FILE (Docker secrets).
// A bad value stops the start with a message that names the variable (see instrumentation.ts).

const SECRET_NAMES = [
  "NEXTAUTH_SECRET",
  "ADMIN_PASSWORD",
  "AUTHENTIK_CLIENT_SECRET",
  "AUTHENTIK_TOKEN",
  "METRICS_TOKEN",
  "SECRETS_KEY",
  "DATABASE_URL",
  "REDIS_URL",
] as const;

const optionalUrl = z.string().url().optional();
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: z.string().url().default("http://localhost:3000"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// URL")
    .optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  AUTHENTIK_ISSUER: optionalUrl,
  AUTHENTIK_CLIENT_ID: z.string().min(1).optional(),
  AUTHENTIK_CLIENT_SECRET: z.string().min(1).optional(),
  AUTHENTIK_URL: optionalUrl,
  AUTHENTIK_TOKEN: z.string().min(1).optional(),
  OIDC_GROUP_MAPPING: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      if (v === undefined) return;
      try {
        parseGroupMapping(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
      }
    }),
  // Minutes between two group → role syncs from Authentik (0 = only at sign-in); lib/identity/authentik-role-sync.ts
  GROUP_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(365),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  RATE_LIMIT_SIGNIN_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(1).default(100),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(5000),
  // Live streams (SSE subscriptions): re-check of the viewer's rights, and the longest a stream
  // stays open before the server closes it and the browser reconnects (lib/auth/request/stream-rights.ts)
  SUBSCRIPTION_RECHECK_SECONDS: z.coerce.number().int().min(1).max(30).default(15),
  SUBSCRIPTION_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(1).max(1000).default(15),
  TRUST_PROXY: z.string().default("0").transform(parseTrustProxy),
  DOCKER_HOST: z.string().optional(),
  DOCKER_CERT_PATH: z.string().optional(),
  ALLOWED_BIND_ROOT: z.string().optional(),
  // Exec into containers the product does not manage (the console, its database …); ADR 026
  ALLOW_PLATFORM_EXEC: bool.default(false),
  SCRIPTS_DIR: z.string().min(1).optional(),
  ETCD_URL: optionalUrl,
  DNS_ZONE_DIR: z.string().min(1).optional(),
  DNS_SERVER: z
    .string()
    .regex(/^([^\s:[\]]+|\[[0-9a-fA-F:]+\])(:\d{1,5})?$/, "must be host or host:port")
    .optional(),
  PROMETHEUS_URL: optionalUrl,
  ALERTMANAGER_URL: optionalUrl,
  SECRETS_KEY: z
    .string()
    .optional()
    .refine(
      (v) => v === undefined || Buffer.from(v, "base64").length === 32,
      "must be 32 random bytes, base64-encoded (openssl rand -base64 32)",
    ),
  JOBS_ENABLED: bool.default(true),
  JOBS_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(5000),
  JOBS_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(300_000),
  // Provisioning (docs/decisions/019-provisioning.md)
  SERVICE_CATALOG: z.enum(["production", "test"]).default("production"),
  TLS_CERT_RESOLVER: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a Traefik certresolver name")
    .default("le"),
  PROVISIONING_INGRESS_IP: z.union([z.ipv4(), z.ipv6()]).default("127.0.0.1"),
  PROVISIONING_NAMESERVERS: z.string().default("ns1.securenexus.net,ns2.securenexus.net"),
  /** test seam: the provisioning step named here blocks once its work is done, so a test can kill -9 the process there */
  PROVISION_PAUSE_AT_STEP: z.string().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

/** The proxies in front of the console: how many hops (0 = none, the default), or their addresses. */
export type TrustProxy = number | BlockList;

// "2" → two hops; "10.0.0.0/8, 172.18.0.5" → those addresses; "false" is kept as 0 for old .env files.
function parseTrustProxy(value: string, ctx: z.RefinementCtx): TrustProxy {
  const v = value.trim();
  if (v === "false") return 0;
  if (/^\d+$/.test(v)) return Number(v);
  const list = new BlockList();
  for (const entry of v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address = "", bits, extra] = entry.split("/");
    const family = isIP(address);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (
      !family ||
      extra !== undefined ||
      !Number.isInteger(prefix) ||
      prefix < 0 ||
      prefix > (family === 6 ? 128 : 32)
    ) {
      ctx.addIssue({
        code: "custom",
        message: `must be a hop count (e.g. 1) or a comma-separated list of proxy addresses or CIDRs; "${entry}" is neither`,
      });
      return 0;
    }
    list.addSubnet(address, prefix, family === 6 ? "ipv6" : "ipv4");
  }
  return list;
}

export type Config = z.infer<typeof schema> & {
  NEXTAUTH_SECRET: string;
  oidcEnabled: boolean;
  ALLOWED_BIND_ROOT: string;
  SCRIPTS_DIR: string;
};

export class ConfigError extends Error {}

function readSecretFiles(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  for (const name of SECRET_NAMES) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) throw new ConfigError(`${name} and ${name}_FILE are both set: keep one`);
    try {
      out[name] = fs.readFileSync(file, "utf8").trim();
    } catch (err) {
      throw new ConfigError(`${name}_FILE: cannot read ${file} (${(err as Error).message})`);
    }
  }
  // An empty variable means "not set", as in most .env files.
  for (const [k, v] of Object.entries(out)) if (v === "") delete out[k];
  return out;
}

/** Without NEXTAUTH_SECRET the embedded default keeps a generated one in DATA_DIR. */
function persistedSecret(dataDir: string): string {
  const file = path.join(dataDir, ".nextauth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
  return secret;
}

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(readSecretFiles(env));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const c = result.data;
  const oidcVars = [c.AUTHENTIK_ISSUER, c.AUTHENTIK_CLIENT_ID, c.AUTHENTIK_CLIENT_SECRET];
  if (oidcVars.some(Boolean) && !oidcVars.every(Boolean)) {
    throw new ConfigError(
      "Invalid environment:\n  AUTHENTIK_ISSUER, AUTHENTIK_CLIENT_ID and AUTHENTIK_CLIENT_SECRET must be set together",
    );
  }
  if (c.ADMIN_EMAIL && !c.ADMIN_PASSWORD) {
    throw new ConfigError("Invalid environment:\n  ADMIN_PASSWORD: required when ADMIN_EMAIL is set");
  }
  return {
    ...c,
    DATA_DIR: path.resolve(c.DATA_DIR),
    ALLOWED_BIND_ROOT: path.resolve(c.ALLOWED_BIND_ROOT ?? path.join(c.DATA_DIR, "volumes")),
    SCRIPTS_DIR: path.resolve(c.SCRIPTS_DIR ?? "scripts/ops"),
    NEXTAUTH_SECRET: c.NEXTAUTH_SECRET ?? persistedSecret(path.resolve(c.DATA_DIR)),
    oidcEnabled: oidcVars.every(Boolean),
  };
}

const g = globalThis as { __snxConfig?: Config };
export function config(): Config {
  return (g.__snxConfig ??= parseConfig());
}
