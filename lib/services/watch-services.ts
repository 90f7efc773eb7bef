import "server-only";
import { can, requirePermission, type Actor } from "../auth/actor";
import { whileAllowed } from "../auth/request/stream-rights";
import { isContainerId, LOCAL_HOST } from "../docker/connection";
import { inspectContainer } from "../docker/containers";
import { iterate, type EventTopics } from "../events";
import { getService, matchesFilter, parseServiceFilter } from "./list-services";
import { ensureLiveServices, mayReach } from "./scope";
import { serviceFromInspect, type Service } from "./service";

type StatusEvent = EventTopics["service.status"];

// Every subscriber of this process receives the same event object from the bus (in-process and
// Redis alike), so the container is inspected once per event, not once per subscriber: with 500
// live views one Docker event used to cost 500 inspects. Entries go with their event.
const readOnce = new WeakMap<StatusEvent, Promise<Service | null>>();

function serviceOfEvent(e: StatusEvent): Promise<Service | null> {
  let read = readOnce.get(e);
  if (!read) {
    read = isContainerId(e.serviceId)
      ? inspectContainer({ host: LOCAL_HOST, containerId: e.serviceId })
          .then((info) => (info ? serviceFromInspect(LOCAL_HOST, info) : null))
          .catch(() => null)
      : Promise.resolve(null);
    readOnce.set(e, read);
  }
  return read;
}

/** Services whose status changed, as the actor may see them: events of other tenants are
 *  dropped by their client id, then the service read for the event is checked again against the
 *  actor's scope by its own labels (the event carries ids, never data). A filter naming a
 *  service outside the scope is NOT_FOUND. The viewer's rights are re-checked while the stream
 *  runs (lib/auth/request/stream-rights.ts): each event is filtered with the re-checked actor, and the
 *  stream closes (FORBIDDEN) when the viewer may no longer read services at all, or no longer
 *  the one service or client the filter names. */
export async function* watchServices({
  actor,
  filter,
  signal,
}: {
  actor: Actor;
  filter?: unknown;
  signal?: AbortSignal;
}): AsyncGenerator<Service> {
  requirePermission(actor, "service:read");
  const f = parseServiceFilter(filter);
  const pinned = f.id ? (await getService({ actor, id: f.id })).clientId : undefined;
  ensureLiveServices();
  // A filter by a client the viewer could not reach at the open stays quiet (as a list would);
  // one the viewer could reach and then lost closes the stream.
  const watchedClient = f.clientId && mayReach(actor, "service:read", f.clientId) ? f.clientId : undefined;
  const allowed = (a: Actor) =>
    can(a, "service:read") &&
    (pinned === undefined || mayReach(a, "service:read", pinned)) &&
    (!watchedClient || mayReach(a, "service:read", watchedClient));
  yield* whileAllowed({
    actor,
    signal,
    allowed,
    open: async function* (live) {
      for await (const e of iterate("service.status", live.signal)) {
        if (!mayReach(live.actor(), "service:read", e.clientId)) continue;
        if (f.id && !e.serviceId.startsWith(f.id)) continue;
        const service = await serviceOfEvent(e);
        if (service && mayReach(live.actor(), "service:read", service.clientId) && matchesFilter(service, f))
          yield service;
      }
    },
  });
}
