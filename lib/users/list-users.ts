import "server-only";
import { z } from "zod";
import { requirePermission, type Actor } from "../auth/actor";
import { db } from "../db";
import { directory } from "../directory";
import { AppError } from "../errors";
import { userScope } from "./scope";
import { toViews, type UserView } from "./views";
import { idSchema, parseInput } from "../kit";

const filterSchema = z.object({
  search: z.string().trim().max(150).optional(),
  group: z.string().max(255).optional(),
  client: idSchema.optional(),
  active: z.boolean().optional(),
});
export type UserFilter = z.input<typeof filterSchema>;

/** At most this many users in one list (the seed's users query has no paging). */
export const MAX_USERS = 500;

export async function listUsers({ actor, filter }: { actor: Actor; filter?: unknown }): Promise<UserView[]> {
  requirePermission(actor, "user:read");
  const parsed = parseInput(filterSchema, filter ?? {});
  const f = parsed;
  const scope = await userScope(actor, "user:read");
  let ids = scope === "all" ? undefined : scope;
  if (f.client) {
    const inClient = (await db().userClient.findMany({ where: { clientId: f.client }, select: { userId: true } })).map(
      (r) => r.userId,
    );
    ids = ids ? ids.filter((id) => inClient.includes(id)) : inClient;
  }
  if (ids && ids.length === 0) return [];
  const page = await directory().listUsers(
    { search: f.search || undefined, groupId: f.group || undefined, isActive: f.active, ids },
    { page: 1, pageSize: MAX_USERS },
  );
  return toViews(actor, page.items);
}

/** NOT_FOUND both for a missing user and for one outside the actor's tenant scope. */
export async function getUser({ actor, id }: { actor: Actor; id: string }): Promise<UserView> {
  requirePermission(actor, "user:read");
  return scopedUser(actor, "user:read", id);
}

export async function scopedUser(
  actor: Actor,
  permission: "user:read" | "user:update" | "user:delete",
  id: string,
): Promise<UserView> {
  const scope = await userScope(actor, permission);
  const user = scope === "all" || scope.includes(id) ? await directory().getUser(id) : null;
  if (!user) throw new AppError("NOT_FOUND", "User not found");
  return (await toViews(actor, [user]))[0]!;
}
