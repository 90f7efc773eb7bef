import "server-only";
import type { Actor } from "../auth/actor";
import { audited } from "../audit/audited";
import { AppError } from "../errors";
import { publishStatus, reachClient } from "./access";
import { controlClientContainers, removeClientContainers } from "./client-containers";
import { select, type ClientRow } from "./list-clients";

// Suspend, resume and soft delete. The Docker work runs inside the audited unit: when it fails
// the status is not changed and the failure is recorded; every step is idempotent, so the same
// call simply runs again.

/** Stops all of the client's containers and marks it 'suspended'. */
export async function suspendClient({ actor, id }: { actor: Actor; id: string }): Promise<ClientRow> {
  const client = await reachClient(actor, id, "client:suspend", "client.suspend");
  if (client.status !== "active") throw new AppError("CONFLICT", `Only an active client can be suspended (this one is ${client.status})`);
  const row = await audited(actor, "client.suspend", { type: "client", id: client.id }, async (tx) => {
    const stopped = await controlClientContainers(client.id, "stop");
    const row = await tx.client.update({ where: { id: client.id }, data: { status: "suspended" }, select });
    return { result: row, details: { from: client.status, to: "suspended", containers: stopped } };
  });
  await publishStatus(row.id, row.status);
  return row;
}

/** Starts all of the client's containers again and marks it 'active'. */
export async function resumeClient({ actor, id }: { actor: Actor; id: string }): Promise<ClientRow> {
  const client = await reachClient(actor, id, "client:suspend", "client.resume");
  if (client.status !== "suspended") throw new AppError("CONFLICT", `Only a suspended client can be resumed (this one is ${client.status})`);
  const row = await audited(actor, "client.resume", { type: "client", id: client.id }, async (tx) => {
    const started = await controlClientContainers(client.id, "start");
    const row = await tx.client.update({ where: { id: client.id }, data: { status: "active" }, select });
    return { result: row, details: { from: client.status, to: "active", containers: started } };
  });
  await publishStatus(row.id, row.status);
  return row;
}

/** Soft delete: removes the client's containers (volumes and rows are kept until a purge) and
 *  marks it 'deleted' with deleted_at. From then on every scoped query misses it (clientWhere),
 *  so its users lose access at once. */
export async function deleteClient({ actor, id }: { actor: Actor; id: string }): Promise<boolean> {
  const client = await reachClient(actor, id, "client:delete", "client.delete");
  await audited(actor, "client.delete", { type: "client", id: client.id }, async (tx) => {
    const removed = await removeClientContainers(client.id);
    await tx.client.update({ where: { id: client.id }, data: { status: "deleted", deletedAt: new Date() } });
    return { result: true, details: { name: client.name, domain: client.domain, from: client.status, containersRemoved: removed } };
  });
  await publishStatus(client.id, "deleted");
  return true;
}
