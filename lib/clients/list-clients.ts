import "server-only";
import { z } from "zod";
import { requirePermission, type Actor } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors";
import { isId } from "../kit";
import { clientWhere } from "./scope";
import { parseInput } from "../kit";

// Read side of clients. Creation and provisioning arrive with the Clients issue; the scope rule
// lives here already because every door (GraphQL, pages, subscriptions) depends on it.
export const CLIENT_STATUSES = ["PROVISIONING", "ACTIVE", "SUSPENDED", "DELETED"] as const;

const filterSchema = z.object({
  status: z.enum(CLIENT_STATUSES).optional(),
  search: z.string().trim().max(255).optional(),
});

export const select = {
  id: true,
  name: true,
  domain: true,
  status: true,
  metadata: true,
  createdAt: true,
  updatedAt: true,
} as const;

export async function listClients({ actor, filter }: { actor: Actor; filter?: unknown }) {
  requirePermission(actor, "client:read");
  const parsed = parseInput(filterSchema, filter ?? {});
  const { status, search } = parsed;
  return db().client.findMany({
    where: {
      AND: [
        clientWhere(actor, "client:read"),
        status ? { status: status.toLowerCase() } : {},
        search
          ? {
              OR: [{ name: { contains: search, mode: "insensitive" } }, { domain: { contains: search.toLowerCase() } }],
            }
          : {},
      ],
    },
    select,
    orderBy: { name: "asc" },
    take: 500,
  });
}

/** NOT_FOUND both for a missing client and for one outside the actor's scope: no existence leak. */
export async function getClient({ actor, id }: { actor: Actor; id: string }) {
  requirePermission(actor, "client:read");
  if (!isId(id)) throw new AppError("NOT_FOUND", "Client not found");
  const client = await db().client.findFirst({ where: { AND: [{ id }, clientWhere(actor, "client:read")] }, select });
  if (!client) throw new AppError("NOT_FOUND", "Client not found");
  return client;
}

export type ClientRow = Awaited<ReturnType<typeof getClient>>;
