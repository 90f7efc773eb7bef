import "server-only";
import { z } from "zod";
import { requirePermission, type Actor } from "../auth/actor";
import { auditedCall, isId, parseInput, refuse } from "../kit";
import { controlContainer } from "../docker/containers";
import { db } from "../db";
import { AppError } from "../errors";
import { events } from "../events";
import { findService } from "./list-services";
import { requireServiceAccess } from "./container-access";
import type { Service } from "./service";

// start/stop/restart. Visibility first (a container outside the actor's scope is NOT_FOUND, so
// its existence never leaks), then the operation's own permission on that container's client
// and the platform-container rule (FORBIDDEN, audited as denied; lib/services/container-access). The Docker call is not a database change, so there is no
// transaction to share: the audit row is written after the call, with its outcome.

type Action = "start" | "stop" | "restart";

const timeoutSchema = z.number().int().min(0).max(300).default(10);

/** Suspension stops every container of a client; starting one again by itself would undo it
 *  (for any role: resuming the client is the way back). Stopping stays allowed. A label naming
 *  no client row (a container made by hand) is not a suspended client. */
async function refuseWhileSuspended(
  actor: Actor,
  action: string,
  resource: { type: string; id: string },
  clientId: string | null,
) {
  if (!clientId || !isId(clientId)) return;
  const client = await db().client.findUnique({
    where: { id: clientId },
    select: { name: true, status: true, deletedAt: true },
  });
  if (!client || (client.status !== "suspended" && !client.deletedAt)) return;
  const state = client.deletedAt ? "deleted" : "suspended";
  await refuse(
    actor,
    { action, resource },
    `client ${state}`,
    new AppError(
      "CONFLICT",
      `Client ${client.name} is ${state}: its services cannot be started${state === "suspended" ? " until the client is resumed" : ""}`,
      { clientId, clientStatus: state },
    ),
  );
}

async function controlService(
  action: Action,
  { actor, id, timeout }: { actor: Actor; id: string; timeout?: number | null },
): Promise<Service> {
  requirePermission(actor, "service:read");
  const stopAfter = parseInput(timeoutSchema, timeout ?? undefined, { field: "timeout" });
  const service = await findService(actor, id, "service:read");
  const auditAction = `service.${action}`;
  const resource = { type: "service", id: service.id };
  // permission in scope; a platform container: SUPER_ADMIN with a step-up (ADR 026)
  await requireServiceAccess(actor, service, action, auditAction);
  if (action !== "stop") await refuseWhileSuspended(actor, auditAction, resource, service.clientId);
  const details = { host: service.host, name: service.name, clientId: service.clientId, timeout: stopAfter };
  await auditedCall(
    actor,
    auditAction,
    resource,
    async () => {
      await controlContainer({ host: service.host, containerId: service.id }, action, stopAfter);
      return { result: undefined };
    },
    { details },
  );
  const after = await findService(actor, service.id, "service:read");
  // The event stream publishes too; this one reaches subscribers even when the stream is
  // reconnecting. Subscribers re-read the service, so a duplicate costs one inspect.
  await events()
    .publish("service.status", { serviceId: after.id, clientId: after.clientId, status: after.status })
    .catch(() => undefined);
  return after;
}

export const startService = (input: { actor: Actor; id: string; timeout?: number | null }) =>
  controlService("start", input);
export const stopService = (input: { actor: Actor; id: string; timeout?: number | null }) =>
  controlService("stop", input);
export const restartService = (input: { actor: Actor; id: string; timeout?: number | null }) =>
  controlService("restart", input);
