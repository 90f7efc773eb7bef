import "server-only";
import { can, canOnClient, requirePermission, type Actor } from "../auth/actor";
import { whileAllowed } from "../auth/request/stream-rights";
import { iterate } from "../events";
import { getClient, type ClientRow } from "./list-clients";

/** Clients whose status changed, as the viewer may read them (all of their clients, or the one
 *  `clientId` names: NOT_FOUND outside the scope). Each event is re-read through getClient with
 *  the re-checked viewer (the event carries ids, never data); the stream closes (FORBIDDEN) when
 *  the viewer loses client:read, or the client it watches (lib/auth/request/stream-rights.ts). */
export async function* watchClientStatus({
  actor,
  clientId,
  signal,
}: {
  actor: Actor;
  clientId?: string | null;
  signal?: AbortSignal;
}): AsyncGenerator<ClientRow> {
  requirePermission(actor, "client:read");
  const watched = clientId ? (await getClient({ actor, id: clientId })).id : null; // NOT_FOUND outside the scope
  yield* whileAllowed({
    actor,
    signal,
    allowed: (a) => (watched ? canOnClient(a, "client:read", watched) : can(a, "client:read")),
    open: async function* (live) {
      for await (const e of iterate("client.status", live.signal)) {
        if (watched && e.clientId !== watched) continue;
        if (!canOnClient(live.actor(), "client:read", e.clientId)) continue;
        const client = await getClient({ actor: live.actor(), id: e.clientId }).catch(() => null);
        if (client) yield client;
      }
    },
  });
}
