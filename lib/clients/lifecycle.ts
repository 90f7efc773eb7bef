import "server-only";
import type { Actor } from "../auth/actor";
import { requireStepUp } from "../auth/step-up/step-up";
import { announceRevoked } from "../auth/request/revocations";
import { audited, auditedCall } from "../kit";
import { AppError } from "../errors";
import { publishStatus, reachClient } from "./access";
import { controlClientContainers, removeClientContainers } from "./client-containers";
import { select, type ClientRow } from "./list-clients";

// Suspend, resume and soft delete. The Docker work runs first, outside any transaction (a
// container ignoring SIGTERM takes the whole stop timeout, longer than a transaction may stay
// open); when it fails the status is not changed and a failure row is written. Every step is
// idempotent, so the same call simply runs again. Then the status change commits with its
// audit row.

function engineStep<T>(actor: Actor, action: string, clientId: string, work: () => Promise<T>): Promise<T> {
  return auditedCall(actor, action, { type: "client", id: clientId }, async () => ({ result: await work() }), {
    details: { step: "containers" },
    successRow: false,
  });
}

type Tx = Parameters<Parameters<typeof audited>[3]>[0];

/** Moves the status only from the one read above: a concurrent delete or suspend wins, and this
 *  call ends in CONFLICT instead of overwriting it. */
async function moveStatus(tx: Tx, client: { id: string; status: string }, data: { status: string; deletedAt?: Date }) {
  const { count } = await tx.client.updateMany({
    where: { id: client.id, status: client.status, deletedAt: null },
    data,
  });
  if (count === 0) throw new AppError("CONFLICT", "The client changed meanwhile: reload and try again");
  return tx.client.findUniqueOrThrow({ where: { id: client.id }, select });
}

/** Stops all of the client's containers and marks it 'suspended'. */
export async function suspendClient({ actor, id }: { actor: Actor; id: string }): Promise<ClientRow> {
  const client = await reachClient(actor, id, "client:suspend", "client.suspend");
  if (client.status !== "active")
    throw new AppError("CONFLICT", `Only an active client can be suspended (this one is ${client.status})`);
  const stopped = await engineStep(actor, "client.suspend", client.id, () =>
    controlClientContainers(client.id, "stop"),
  );
  const row = await audited(actor, "client.suspend", { type: "client", id: client.id }, async (tx) => {
    const row = await moveStatus(tx, client, { status: "suspended" });
    return { result: row, details: { from: client.status, to: "suspended", containers: stopped } };
  });
  await publishStatus(row.id, row.status);
  return row;
}

/** Starts all of the client's containers again and marks it 'active'. */
export async function resumeClient({ actor, id }: { actor: Actor; id: string }): Promise<ClientRow> {
  const client = await reachClient(actor, id, "client:suspend", "client.resume");
  if (client.status !== "suspended")
    throw new AppError("CONFLICT", `Only a suspended client can be resumed (this one is ${client.status})`);
  const started = await engineStep(actor, "client.resume", client.id, () =>
    controlClientContainers(client.id, "start"),
  );
  const row = await audited(actor, "client.resume", { type: "client", id: client.id }, async (tx) => {
    const row = await moveStatus(tx, client, { status: "active" });
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
  await requireStepUp(actor, { action: "client.delete", resource: { type: "client", id: client.id } });
  const removed = await engineStep(actor, "client.delete", client.id, () => removeClientContainers(client.id));
  await audited(actor, "client.delete", { type: "client", id: client.id }, async (tx) => {
    await moveStatus(tx, client, { status: "deleted", deletedAt: new Date() });
    return {
      result: true,
      details: { name: client.name, domain: client.domain, from: client.status, containersRemoved: removed },
    };
  });
  await publishStatus(client.id, "deleted");
  await announceRevoked(null, "client.delete"); // its users' streams re-check (memberships of a deleted client no longer count)
  return true;
}
