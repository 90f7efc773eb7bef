import "server-only";
import { canOnClient, type Actor } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import { auditDenied } from "../audit/audited";
import { db } from "../db";
import { AppError } from "../errors";
import { events } from "../events";
import { clientWhere } from "./scope";

// Every write on one client goes through here: visibility first (a client outside the actor's
// scope, deleted or missing is NOT_FOUND, so its existence never leaks), then the operation's
// own permission on that client (FORBIDDEN). Both denials are audited.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function reachClient(actor: Actor, id: string, permission: Permission, action: string) {
  const resource = { type: "client", id: UUID.test(id) ? id : null };
  const client = UUID.test(id)
    ? await db().client.findFirst({ where: { AND: [{ id }, clientWhere(actor, "client:read")] } })
    : null;
  if (!client) {
    await auditDenied(actor, action, resource, "client not found or outside the actor's scope");
    throw new AppError("NOT_FOUND", "Client not found");
  }
  if (!canOnClient(actor, permission, client.id)) {
    await auditDenied(actor, action, resource, `missing permission ${permission}`);
    throw new AppError("FORBIDDEN", `Missing permission ${permission} on this client`, { permission });
  }
  return client;
}

/** Tells live views (clientStatusChanged) after the change committed; a lost event is logged,
 *  never fatal: the change is already done. */
export async function publishStatus(clientId: string, status: string) {
  await events().publish("client.status", { clientId, status }).catch((err) => console.error("[clients] event not published:", (err as Error).message));
}
