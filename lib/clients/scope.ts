import type { Actor } from "../auth/actor";
import { clientScope } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import type { Prisma } from "../db";

/** The tenant scope of a client query, for the Prisma `where`: a row of a client the actor may
 *  not see is simply not found. Deleted clients are never listed. */
export function clientWhere(actor: Actor, permission: Permission): Prisma.ClientWhereInput {
  const scope = clientScope(actor, permission);
  return { deletedAt: null, ...(scope === "all" ? {} : { id: { in: scope } }) };
}
