import "server-only";
import { canOnClient, requirePermission, type Actor } from "../auth/actor";
import { whileAllowed } from "../auth/request/stream-rights";
import { getClient } from "../clients/list-clients";
import { iterate } from "../events";

export type ProvisioningProgress = {
  clientId: string;
  step: string | null;
  status: string;
  percent: number;
  line: string | null;
};

/** One client's provisioning as it happens (steps, percent, log lines). NOT_FOUND outside the
 *  viewer's scope; the stream closes (FORBIDDEN) when the viewer loses client:read on that
 *  client (lib/auth/request/stream-rights.ts). */
export async function* watchProvisioning({
  actor,
  clientId,
  signal,
}: {
  actor: Actor;
  clientId: string;
  signal?: AbortSignal;
}): AsyncGenerator<ProvisioningProgress> {
  requirePermission(actor, "client:read");
  const client = await getClient({ actor, id: clientId }); // NOT_FOUND outside the scope
  yield* whileAllowed({
    actor,
    signal,
    allowed: (a) => canOnClient(a, "client:read", client.id),
    open: async function* (live) {
      for await (const e of iterate("client.provisioning", live.signal)) {
        if (e.clientId !== client.id) continue;
        yield { clientId: e.clientId, step: e.step, status: e.status, percent: e.percent, line: e.line };
      }
    },
  });
}
