import "server-only";
import { requirePermission, type Actor } from "../auth/actor";
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
 *  service outside the scope is NOT_FOUND. */
export async function* watchServices({ actor, filter, signal }: { actor: Actor; filter?: unknown; signal?: AbortSignal }): AsyncGenerator<Service> {
  requirePermission(actor, "service:read");
  const f = parseServiceFilter(filter);
  if (f.id) await getService({ actor, id: f.id });
  ensureLiveServices();
  for await (const e of iterate("service.status", signal)) {
    if (!mayReach(actor, "service:read", e.clientId)) continue;
    if (f.id && !e.serviceId.startsWith(f.id)) continue;
    const service = await serviceOfEvent(e);
    if (service && mayReach(actor, "service:read", service.clientId) && matchesFilter(service, f)) yield service;
  }
}
