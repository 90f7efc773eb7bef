import { getClient, listClients, type ClientRow, CLIENT_STATUSES } from "@/lib/clients/list-clients";
import { createClient, updateClient } from "@/lib/clients/write-client";
import { deleteClient, resumeClient, suspendClient } from "@/lib/clients/lifecycle";
import { addClientUser, listClientUsers, removeClientUser, type ClientUser } from "@/lib/clients/client-users";
import { countsFor, type ClientCounts } from "@/lib/clients/counts";
import { listServices } from "@/lib/services/list-services";
import { watchClientStatus } from "@/lib/clients/watch-clients";
import { builder } from "./builder";
import { given } from "./input";
import { requireActorIn } from "./actor";
import { ServiceRef, ServiceTypeEnum } from "./services";

// A list resolver attaches counts fetched for the whole page (constant queries); a single client
// fetches its own on demand.
type ClientNode = ClientRow & { counts?: ClientCounts };
const countsOf = async (c: ClientNode) => c.counts ?? (await countsFor([c.id])).get(c.id)!;

const ClientRoleEnum = builder.enumType("ClientUserRole", {
  values: { ADMIN: { value: "admin" }, USER: { value: "user" } },
});
const ClientUserRef = builder.objectRef<ClientUser>("ClientUser").implement({
  description: "A user of a client with the role they hold there (user_clients).",
  fields: (t) => ({
    userId: t.exposeID("userId"),
    username: t.exposeString("username"),
    email: t.exposeString("email"),
    role: t.field({ type: ClientRoleEnum, resolve: (u) => u.role }),
    addedAt: t.field({ type: "DateTime", nullable: true, resolve: (u) => u.addedAt }),
  }),
});

const BillingRef = builder.objectRef<{ plan: string; price: number; currency: string }>("ClientBilling").implement({
  fields: (t) => ({
    plan: t.exposeString("plan"),
    price: t.exposeFloat("price"),
    currency: t.exposeString("currency"),
  }),
});

const ClientStatusEnum = builder.enumType("ClientStatus", { values: CLIENT_STATUSES });
const toStatus = (s: string) => s.toUpperCase() as (typeof CLIENT_STATUSES)[number];

export const Client = builder.objectRef<ClientNode>("Client").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    domain: t.exposeString("domain"),
    status: t.field({ type: ClientStatusEnum, resolve: (c) => toStatus(c.status) }),
    createdAt: t.field({ type: "DateTime", resolve: (c) => c.createdAt ?? new Date(0) }),
    updatedAt: t.field({ type: "DateTime", resolve: (c) => c.updatedAt ?? new Date(0) }),
    metadata: t.field({ type: "JSON", nullable: true, resolve: (c) => c.metadata }),
    billing: t.field({
      type: BillingRef,
      nullable: true,
      description: "Plan, price and currency (stored in metadata.billing).",
      resolve: (c) =>
        (c.metadata as { billing?: { plan: string; price: number; currency: string } } | null)?.billing ?? null,
    }),
    serviceCount: t.int({
      nullable: true,
      description: "Containers labelled for this client; null when the Docker engine cannot be reached.",
      resolve: async (c) => (await countsOf(c)).services,
    }),
    userCount: t.int({ resolve: async (c) => (await countsOf(c)).users }),
    services: t.field({
      type: [ServiceRef],
      description: "The client's containers (one Docker list per client: prefer serviceCount in lists).",
      resolve: (c, _a, ctx) => listServices({ actor: requireActorIn(ctx), filter: { clientId: c.id } }),
    }),
    users: t.field({
      type: [ClientUserRef],
      nullable: true,
      description: "null with a FORBIDDEN error for actors who may not read this client's users (user:read).",
      resolve: (c, _a, ctx) => listClientUsers({ actor: requireActorIn(ctx), clientId: c.id }),
    }),
  }),
});

const BillingInput = builder.inputType("ClientBillingInput", {
  fields: (t) => ({
    plan: t.string({ required: true }),
    price: t.float({ required: true }),
    currency: t.string({ required: true }),
  }),
});
const BrandingInput = builder.inputType("ClientBrandingInput", {
  fields: (t) => ({
    logo: t.string({ required: false, description: "data: URL of a PNG, JPEG, SVG or WebP image, at most 48 KB" }),
    primaryColor: t.string({ required: false, description: "#rrggbb" }),
    accentColor: t.string({ required: false, description: "#rrggbb" }),
  }),
});
const CreateClientInput = builder.inputType("CreateClientInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    domain: t.string({ required: true }),
    metadata: t.field({ type: "JSON", required: false }),
    billing: t.field({ type: BillingInput, required: false }),
    services: t.field({
      type: [ServiceTypeEnum],
      required: false,
      description:
        "Provision these services from the templates (the client starts PROVISIONING); omit for a bare client, ACTIVE at once",
    }),
    plan: t.string({ required: false }),
    branding: t.field({ type: BrandingInput, required: false }),
  }),
});
const UpdateClientInput = builder.inputType("UpdateClientInput", {
  fields: (t) => ({
    name: t.string({ required: false }),
    domain: t.string({
      required: false,
      description:
        "SUPER_ADMIN only, while the client has no DNS zones and no services; may not equal, lie inside or contain another client's domain or zone",
    }),
    metadata: t.field({ type: "JSON", required: false }),
    billing: t.field({ type: BillingInput, required: false, description: "null removes the billing info" }),
  }),
});
const AddClientUserInput = builder.inputType("AddClientUserInput", {
  fields: (t) => ({
    user: t.string({ required: true, description: "User id, username or e-mail" }),
    role: t.field({ type: ClientRoleEnum, required: true }),
  }),
});

builder.mutationFields((t) => ({
  createClient: t.field({
    type: Client,
    authScopes: { signedIn: true },
    args: { input: t.arg({ type: CreateClientInput, required: true }) },
    resolve: (_r, args, ctx) => createClient({ actor: requireActorIn(ctx), input: given(args.input, ["billing"]) }),
  }),
  updateClient: t.field({
    type: Client,
    authScopes: { signedIn: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateClientInput, required: true }) },
    resolve: (_r, args, ctx) =>
      updateClient({ actor: requireActorIn(ctx), id: String(args.id), input: given(args.input, ["billing"]) }),
  }),
  deleteClient: t.boolean({
    authScopes: { signedIn: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => deleteClient({ actor: requireActorIn(ctx), id: String(args.id) }),
  }),
  suspendClient: t.field({
    type: Client,
    authScopes: { signedIn: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => suspendClient({ actor: requireActorIn(ctx), id: String(args.id) }),
  }),
  resumeClient: t.field({
    type: Client,
    authScopes: { signedIn: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => resumeClient({ actor: requireActorIn(ctx), id: String(args.id) }),
  }),
  addClientUser: t.field({
    type: ClientUserRef,
    authScopes: { signedIn: true },
    args: { clientId: t.arg.id({ required: true }), input: t.arg({ type: AddClientUserInput, required: true }) },
    resolve: (_r, args, ctx) =>
      addClientUser({ actor: requireActorIn(ctx), clientId: String(args.clientId), input: args.input }),
  }),
  removeClientUser: t.boolean({
    authScopes: { signedIn: true },
    args: { clientId: t.arg.id({ required: true }), userId: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) =>
      removeClientUser({ actor: requireActorIn(ctx), clientId: String(args.clientId), userId: String(args.userId) }),
  }),
}));

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
    resolve: async (_r, args, ctx) => {
      const rows = await listClients({ actor: requireActorIn(ctx), filter: args.filter ?? {} });
      const counts = await countsFor(rows.map((r) => r.id));
      return rows.map((r) => ({ ...r, counts: counts.get(r.id) }));
    },
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
    subscribe: (_r, args, ctx) =>
      watchClientStatus({
        actor: requireActorIn(ctx),
        clientId: args.clientId ? String(args.clientId) : null,
        signal: ctx.request.signal,
      }),
    resolve: (c) => c,
  }),
}));
