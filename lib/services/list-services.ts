import "server-only";
import { z } from "zod";
import { requirePermission, type Actor } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import { dockerHosts, isContainerId, LOCAL_HOST } from "../docker/connection";
import { containerLogsTail } from "../docker/containers";
import { SERVICE_STATUSES } from "../docker/status";
import { AppError } from "../errors";
import { engineReads, type ContainerReads } from "./container-reads";
import { ensureLiveServices, mayReach, serviceScope } from "./scope";
import { hasHealthcheck, healthOf, serviceFromInspect, serviceFromSummary, type Service } from "./service";
import { SERVICE_TYPES } from "./service-type";
import { parseInput } from "../kit";

export const serviceFilter = z.object({
  id: z.string().max(128).optional(),
  status: z.enum(SERVICE_STATUSES).optional(),
  type: z.enum(SERVICE_TYPES).optional(),
  clientId: z.string().max(64).optional(),
  search: z.string().trim().max(255).optional(),
});
export type ServiceFilter = z.infer<typeof serviceFilter>;

export function parseServiceFilter(filter: unknown): ServiceFilter {
  const parsed = parseInput(serviceFilter, filter ?? {});
  return parsed;
}

export function matchesFilter(s: Service, f: ServiceFilter): boolean {
  if (f.id && s.id !== f.id && !s.id.startsWith(f.id)) return false;
  if (f.status && s.status !== f.status) return false;
  if (f.type && s.type !== f.type) return false;
  if (f.clientId && s.clientId !== f.clientId) return false;
  const q = f.search?.toLowerCase();
  return !q || s.name.toLowerCase().includes(q) || s.image.toLowerCase().includes(q) || s.id.startsWith(q);
}

/** Services the actor may see: Docker lists filtered by client label for client roles, then
 *  every row re-checked here (a label filter is a request, not a guarantee). `reads` is the
 *  request's memo when one request asks several times (GraphQL aliases). */
export async function listServices({
  actor,
  filter,
  reads = engineReads,
}: {
  actor: Actor;
  filter?: unknown;
  reads?: ContainerReads;
}): Promise<Service[]> {
  requirePermission(actor, "service:read");
  const f = parseServiceFilter(filter);
  ensureLiveServices();
  let scope = serviceScope(actor, "service:read");
  if (f.clientId) scope = scope === "all" || scope.includes(f.clientId) ? [f.clientId] : [];
  const out: Service[] = [];
  for (const host of dockerHosts()) {
    const summaries = (await reads.list(host, scope)).filter((c) =>
      mayReach(actor, "service:read", serviceFromSummary(c).clientId),
    );
    // Health details (failing streak, last output) are only in an inspect: ask for those that
    // have a healthcheck at all, which is few.
    const services = await Promise.all(
      summaries.map(async (c) => {
        if (!hasHealthcheck(c)) return serviceFromSummary(c);
        const i = await reads.inspect({ host, containerId: c.Id }).catch(() => null);
        return serviceFromSummary(c, healthOf(i?.State.Health));
      }),
    );
    out.push(...services.filter((s) => matchesFilter(s, f)));
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Reads one container the actor may reach with `permission`; NOT_FOUND for a missing container
 *  and for one outside the actor's scope alike (no existence leak). */
export async function findService(
  actor: Actor,
  id: string,
  permission: Permission,
  reads: ContainerReads = engineReads,
): Promise<Service> {
  if (!isContainerId(id)) throw new AppError("NOT_FOUND", "Service not found");
  ensureLiveServices();
  const info = await reads.inspect({ host: LOCAL_HOST, containerId: id });
  if (!info) throw new AppError("NOT_FOUND", "Service not found");
  const service = serviceFromInspect(LOCAL_HOST, info);
  if (!mayReach(actor, permission, service.clientId)) throw new AppError("NOT_FOUND", "Service not found");
  return service;
}

export async function getService({
  actor,
  id,
  reads,
}: {
  actor: Actor;
  id: string;
  reads?: ContainerReads;
}): Promise<Service> {
  requirePermission(actor, "service:read");
  return findService(actor, id, "service:read", reads);
}

/** The last lines of a service's log (stdout and stderr, stderr lines marked). */
export async function serviceLogsTail({
  actor,
  id,
  tail = 100,
  reads = engineReads,
}: {
  actor: Actor;
  id: string;
  tail?: number;
  reads?: ContainerReads;
}): Promise<string> {
  requirePermission(actor, "service:logs");
  const lines = Math.max(1, Math.min(1000, Math.trunc(tail)));
  const service = await findService(actor, id, "service:logs", reads);
  const info = await reads.inspect({ host: service.host, containerId: service.id });
  return containerLogsTail({ host: service.host, containerId: service.id }, lines, Boolean(info?.Config?.Tty));
}
