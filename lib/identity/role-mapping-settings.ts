import "server-only";
import { z } from "zod";
import { config } from "../config";
import { db, type Prisma } from "../db";
import { AppError } from "../errors";
import { audited, parseInput } from "../kit";
import { requirePermission, type Actor } from "../auth/actor";
import { DEFAULT_GROUP_MAPPING, groupMappingSchema, parseGroupMapping, type GroupMapping } from "./group-pattern-match";
import { ROLES, type Role } from "../auth/permissions";

// The group → role mapping in force, edited by a SUPER_ADMIN in Settings (docs/decisions/016-group-role-mapping.md).
// The table group_role_mappings wins when it has rows; when it is empty, OIDC_GROUP_MAPPING (or
// the built-in default) applies. The first edit copies that mapping into the table, in the same
// transaction, so adding one pattern never silently drops the others (e.g. "admin" →
// SUPER_ADMIN). At least one SUPER_ADMIN pattern must remain: without one the next sync would
// strip every Authentik administrator.

export type MappingSource = "database" | "environment" | "default";

export function groupMappingFromConfig(): GroupMapping {
  const json = config().OIDC_GROUP_MAPPING;
  return json ? parseGroupMapping(json) : DEFAULT_GROUP_MAPPING;
}

/** The mapping in force now, read by every sign-in and sync (never cached across instances). */
export async function effectiveGroupMapping(
  client: Pick<Prisma.TransactionClient, "groupRoleMapping"> = db(),
): Promise<{ mapping: GroupMapping; source: MappingSource }> {
  const rows = await client.groupRoleMapping.findMany({
    select: { pattern: true, role: true },
    orderBy: { pattern: "asc" },
  });
  if (rows.length)
    return { mapping: Object.fromEntries(rows.map((r) => [r.pattern, r.role as Role])), source: "database" };
  return { mapping: groupMappingFromConfig(), source: config().OIDC_GROUP_MAPPING ? "environment" : "default" };
}

export async function listGroupRoleMappings({ actor }: { actor: Actor }) {
  requirePermission(actor, "role-mapping:read");
  const { mapping, source } = await effectiveGroupMapping();
  const stored = new Map(
    (await db().groupRoleMapping.findMany({ select: { pattern: true, updatedAt: true } })).map((r) => [
      r.pattern,
      r.updatedAt,
    ]),
  );
  return {
    source,
    mappings: Object.entries(mapping)
      .map(([pattern, role]) => ({ pattern, role, updatedAt: stored.get(pattern) ?? null }))
      .sort((a, b) => a.pattern.localeCompare(b.pattern)),
  };
}

const entry = z.object({ pattern: z.string().trim().min(1, "must not be empty").max(255), role: z.enum(ROLES) });

function parseEntry(input: { pattern: unknown; role?: unknown }, withRole: boolean) {
  const data = parseInput(withRole ? entry : entry.pick({ pattern: true }), input) as { pattern: string; role?: Role };
  if (withRole) {
    // The same rules as OIDC_GROUP_MAPPING: a client role needs exactly one {domain}, a global one none.
    const rules = groupMappingSchema.safeParse({ [data.pattern]: data.role });
    if (!rules.success)
      throw new AppError("VALIDATION", rules.error.issues.map((i) => i.message).join("; "), {
        fields: { pattern: rules.error.issues[0]!.message },
      });
  }
  return data;
}

type Tx = Prisma.TransactionClient;

/** Copies the environment's (or default) mapping into the empty table; returns where it came from. */
async function seedIfEmpty(tx: Tx): Promise<MappingSource | null> {
  if ((await tx.groupRoleMapping.count()) > 0) return null;
  const source: MappingSource = config().OIDC_GROUP_MAPPING ? "environment" : "default";
  await tx.groupRoleMapping.createMany({
    data: Object.entries(groupMappingFromConfig()).map(([pattern, role]) => ({ pattern, role })),
  });
  return source;
}

async function keepAnAdminPattern(tx: Tx) {
  if ((await tx.groupRoleMapping.count({ where: { role: "SUPER_ADMIN" } })) === 0) {
    throw new AppError(
      "CONFLICT",
      "At least one group must stay mapped to SUPER_ADMIN, or the next sync would remove every Authentik administrator",
    );
  }
}

/** Adds a pattern or changes its role. */
export async function setGroupRoleMapping({ actor, pattern, role }: { actor: Actor; pattern: unknown; role: unknown }) {
  return audited(
    actor,
    "role-mapping.set",
    { type: "group_role_mapping", id: typeof pattern === "string" ? pattern.slice(0, 255) : null },
    async (tx) => {
      requirePermission(actor, "role-mapping:write");
      const data = parseEntry({ pattern, role }, true) as { pattern: string; role: Role };
      const seededFrom = await seedIfEmpty(tx);
      const before = await tx.groupRoleMapping.findUnique({ where: { pattern: data.pattern }, select: { role: true } });
      const row = await tx.groupRoleMapping.upsert({
        where: { pattern: data.pattern },
        create: data,
        update: { role: data.role },
        select: { pattern: true, role: true, updatedAt: true },
      });
      await keepAnAdminPattern(tx);
      return {
        result: { ...row, role: row.role as Role },
        resourceId: row.pattern,
        details: { pattern: row.pattern, role: row.role, before: before?.role ?? null, seededFrom },
      };
    },
  );
}

export async function deleteGroupRoleMapping({ actor, pattern }: { actor: Actor; pattern: unknown }) {
  return audited(
    actor,
    "role-mapping.delete",
    { type: "group_role_mapping", id: typeof pattern === "string" ? pattern.slice(0, 255) : null },
    async (tx) => {
      requirePermission(actor, "role-mapping:write");
      const data = parseEntry({ pattern }, false);
      const seededFrom = await seedIfEmpty(tx);
      const row = await tx.groupRoleMapping.findUnique({ where: { pattern: data.pattern }, select: { role: true } });
      if (!row) throw new AppError("NOT_FOUND", `No mapping for the group pattern "${data.pattern}"`);
      await tx.groupRoleMapping.delete({ where: { pattern: data.pattern } });
      await keepAnAdminPattern(tx);
      return { result: true, resourceId: data.pattern, details: { pattern: data.pattern, role: row.role, seededFrom } };
    },
  );
}
