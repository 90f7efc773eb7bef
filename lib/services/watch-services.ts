import "server-only";
import { requirePermission, type Actor } from "../auth/actor";
import { iterate } from "../events";
import { getService, matchesFilter, parseServiceFilter } from "./list-services";
import { ensureLiveServices, mayReach } from "./scope";
import type { Service } from "./service";

/** Services whose status changed, as the actor may see them: events of other tenants are
 *  dropped by their client id, then each service is re-read through the scoped getService (the
 *  event carries ids, never data). A filter naming a service outside the scope is NOT_FOUND. */
export async function* watchServices({ actor, filter, signal }: { actor: Actor; filter?: unknown; signal?: AbortSignal }): AsyncGenerator<Service> {
  requirePermission(actor, "service:read");
  const f = parseServiceFilter(filter);
  if (f.id) await getService({ actor, id: f.id });
  ensureLiveServices();
  for await (const e of iterate("service.status", signal)) {
    if (!mayReach(actor, "service:read", e.clientId)) continue;
    if (f.id && !e.serviceId.startsWith(f.id)) continue;
    const service = await getService({ actor, id: e.serviceId }).catch(() => null);
    if (service && matchesFilter(service, f)) yield service;
  }
}
