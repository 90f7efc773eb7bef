import "server-only";
import { canOnClient, type Actor } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import { db } from "../db";
import { AppError } from "../errors";
import { events } from "../events";
import { isId, refuse } from "../kit";
import { clientWhere } from "./scope";

// Every write on one client goes through here: visibility first (a client outside the actor's
// scope, deleted or missing is NOT_FOUND, so its existence never leaks), then the operation's
// own permission on that client (FORBIDDEN). Both denials are audited.

export async function reachClient(actor: Actor, id: string, permission: Permission, action: string) {
  const resource = { type: "client", id: isId(id) ? id : null };
  const client = isId(id)
    ? await db().client.findFirst({ where: { AND: [{ id }, clientWhere(actor, "client:read")] } })
    : null;
  if (!client)
    return refuse(
      actor,
      { action, resource },
      "client not found or outside the actor's scope",
      new AppError("NOT_FOUND", "Client not found"),
    );
  if (!canOnClient(actor, permission, client.id)) {
    await refuse(
      actor,
      { action, resource },
      `missing permission ${permission}`,
      new AppError("FORBIDDEN", `Missing permission ${permission} on this client`, { permission }),
    );
  }
  return client;
}

/** Tells live views (clientStatusChanged) after the change committed; a lost event is logged,
 *  never fatal: the change is already done. */
export async function publishStatus(clientId: string, status: string) {
  await events()
    .publish("client.status", { clientId, status })
    .catch((err) => console.error("[clients] event not published:", (err as Error).message));
}
