import "server-only";
import { dockerConfigured, dockerHosts } from "../docker/connection";
import { listContainers } from "../docker/containers";
import { clientOfLabels } from "../docker/labels";
import { db } from "../db";

// Counts for a page of clients without a query per client: one Docker list per host and one
// grouped SQL statement, whatever the number of clients.

export type ClientCounts = { services: number | null; users: number };

export async function countsFor(clientIds: string[]): Promise<Map<string, ClientCounts>> {
  const out = new Map(clientIds.map((id) => [id, { services: 0 as number | null, users: 0 }]));
  if (clientIds.length === 0) return out;
  const [users, services] = await Promise.all([
    db().userClient.groupBy({ by: ["clientId"], where: { clientId: { in: clientIds } }, _count: { _all: true } }),
    serviceCounts().catch(() => null), // Docker down: counts unknown (null), the list still shows
  ]);
  for (const u of users) out.get(u.clientId)!.users = u._count._all;
  for (const [id, c] of out) c.services = services ? (services.get(id) ?? 0) : null;
  return out;
}

async function serviceCounts(): Promise<Map<string, number>> {
  const m = new Map<string, number>();
  if (!dockerConfigured()) return m;
  for (const host of dockerHosts()) {
    for (const c of await listContainers(host, "all")) {
      const id = clientOfLabels(c.Labels);
      if (id) m.set(id, (m.get(id) ?? 0) + 1);
    }
  }
  return m;
}
