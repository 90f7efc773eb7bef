import { z } from "zod";
import { GLOBAL_ROLES, ROLES, type Role } from "../auth/permissions";

// Group names → our roles, by the patterns of a group mapping. Pure: no database, no config
// (lib/config.ts validates OIDC_GROUP_MAPPING with `groupMappingSchema`; the mapping in force is
// role-mapping-settings.ts; Authentik accounts store the result (authentik-account-roles.ts),
// local accounts compute it when read (local-group-roles.ts)).
// A mapping is { "<group pattern>": ROLE }; a pattern for a client role holds `{domain}`, which
// matches the client's domain (e.g. "client-{domain}-admins" ↔ "client-acme.example-admins").

export type GroupMapping = Record<string, Role>;
export type ClientMembership = { domain: string; role: "admin" | "user" };
export type MappedRoles = { globalRoles: Role[]; clientMemberships: ClientMembership[] };

export const DEFAULT_GROUP_MAPPING: GroupMapping = {
  admin: "SUPER_ADMIN",
  developers: "DEVELOPER",
  "client-{domain}-admins": "CLIENT_ADMIN",
  "client-{domain}-users": "CLIENT_USER",
};

const PLACEHOLDER = "{domain}";

export const groupMappingSchema = z
  .record(z.string().min(1, "a group pattern is empty"), z.enum(ROLES))
  .superRefine((mapping, ctx) => {
    for (const [pattern, role] of Object.entries(mapping)) {
      const placeholders = pattern.split(PLACEHOLDER).length - 1;
      const isGlobal = GLOBAL_ROLES.includes(role);
      if (isGlobal && placeholders > 0)
        ctx.addIssue({
          code: "custom",
          message: `"${pattern}": ${role} is a global role, the pattern must not contain ${PLACEHOLDER}`,
        });
      if (!isGlobal && placeholders !== 1)
        ctx.addIssue({
          code: "custom",
          message: `"${pattern}": ${role} is held per client, the pattern needs exactly one ${PLACEHOLDER}`,
        });
    }
  });

/** Parses the JSON of OIDC_GROUP_MAPPING; throws an Error naming what is wrong. */
export function parseGroupMapping(json: string): GroupMapping {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('must be JSON such as {"admin":"SUPER_ADMIN","client-{domain}-users":"CLIENT_USER"}');
  }
  const parsed = groupMappingSchema.safeParse(value);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A domain as clients.domain stores it: lower case, only host-name characters. */
const DOMAIN = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/;

/** The `groups` claim as Authentik sends it (a list of names); anything else counts as none. */
export function groupsFromClaim(claim: unknown): string[] {
  if (typeof claim === "string") return [claim];
  if (!Array.isArray(claim)) return [];
  return claim.filter((g): g is string => typeof g === "string");
}

/**
 * Roles for a list of group names. Global roles in ROLES order; one membership per domain, the
 * stronger role winning when a user is in both the admins and the users group of a client.
 */
export function mapGroups(groups: readonly string[], mapping: GroupMapping = DEFAULT_GROUP_MAPPING): MappedRoles {
  const global = new Set<Role>();
  const clients = new Map<string, ClientMembership["role"]>();
  const rules = Object.entries(mapping).map(([pattern, role]) => {
    const [before, after] = pattern.split(PLACEHOLDER);
    const regex = after === undefined ? null : new RegExp(`^${escapeRegExp(before!)}(.+)${escapeRegExp(after)}$`);
    return { pattern, role, regex };
  });
  for (const group of new Set(groups)) {
    for (const { pattern, role, regex } of rules) {
      if (!regex) {
        if (group === pattern) global.add(role);
        continue;
      }
      const domain = regex.exec(group)?.[1]?.toLowerCase();
      if (!domain || !DOMAIN.test(domain)) continue;
      const clientRole = role === "CLIENT_ADMIN" ? "admin" : "user";
      if (clients.get(domain) !== "admin") clients.set(domain, clientRole);
    }
  }
  return {
    globalRoles: ROLES.filter((r) => global.has(r)),
    clientMemberships: [...clients].sort(([a], [b]) => a.localeCompare(b)).map(([domain, role]) => ({ domain, role })),
  };
}
