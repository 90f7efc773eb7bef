import { canOnClient } from "@/lib/auth/actor";
import { getClient, listClients, type ClientRow, CLIENT_STATUSES } from "@/lib/clients/list-clients";
import { iterate } from "@/lib/events";
import { builder } from "./builder";
import { requireActorIn } from "./actor";

const ClientStatusEnum = builder.enumType("ClientStatus", { values: CLIENT_STATUSES });
const toStatus = (s: string) => s.toUpperCase() as (typeof CLIENT_STATUSES)[number];

export const Client = builder.objectRef<ClientRow>("Client").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    domain: t.exposeString("domain"),
    status: t.field({ type: ClientStatusEnum, resolve: (c) => toStatus(c.status) }),
    createdAt: t.field({ type: "DateTime", resolve: (c) => c.createdAt ?? new Date(0) }),
    updatedAt: t.field({ type: "DateTime", resolve: (c) => c.updatedAt ?? new Date(0) }),
    metadata: t.field({ type: "JSON", nullable: true, resolve: (c) => c.metadata }),
  }),
});

const ClientFilter = builder.inputType("ClientFilter", {
  fields: (t) => ({
    status: t.field({ type: ClientStatusEnum, required: false }),
    search: t.string({ required: false }),
  }),
});

builder.queryFields((t) => ({
  clients: t.field({
    type: [Client],
    authScopes: { permission: "client:read" },
    args: { filter: t.arg({ type: ClientFilter, required: false }) },
    resolve: (_r, args, ctx) => listClients({ actor: requireActorIn(ctx), filter: args.filter ?? {} }),
  }),
  client: t.field({
    type: Client,
    nullable: true,
    authScopes: { permission: "client:read" },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => getClient({ actor: requireActorIn(ctx), id: String(args.id) }),
  }),
}));

builder.subscriptionFields((t) => ({
  clientStatusChanged: t.field({
    type: Client,
    authScopes: { permission: "client:read" },
    args: { clientId: t.arg.id({ required: false }) },
    subscribe: async function* (_r, args, ctx) {
      const actor = requireActorIn(ctx);
      if (args.clientId) await getClient({ actor, id: String(args.clientId) }); // NOT_FOUND outside scope
      for await (const e of iterate("client.status", ctx.request.signal)) {
        if (args.clientId && e.clientId !== String(args.clientId)) continue;
        if (!canOnClient(actor, "client:read", e.clientId)) continue;
        // Re-read through the scoped domain function: the event carries ids, never data.
        const client = await getClient({ actor, id: e.clientId }).catch(() => null);
        if (client) yield client;
      }
    },
    resolve: (c) => c,
  }),
}));
