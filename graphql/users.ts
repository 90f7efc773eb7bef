import type { DirectoryUser } from "@/lib/directory/types";
import { addUserToGroup, listGroups, removeUserFromGroup, type GroupView } from "@/lib/users/groups";
import { getUser, listUsers } from "@/lib/users/list-users";
import { createUser, deleteUser, updateUser } from "@/lib/users/manage-users";
import { groupPermissions, type UserView } from "@/lib/users/views";
import { effectiveGroupMapping } from "@/lib/identity/role-mapping-settings";
import { builder } from "./builder";
import { given } from "./input";
import { requireActorIn } from "./actor";
import { Client } from "./clients";
import type { GraphQLContext } from "./context";

// A group reached from a user carries only id and name; its members come from one listGroups()
// per request (cached on the context), so `users { groups { members } }` is not N+1.
type GroupShape = { id: string; name: string; members?: DirectoryUser[]; permissions?: string[] };
const groupsOfRequest = new WeakMap<GraphQLContext, Promise<GroupView[]>>();
function requestGroups(ctx: GraphQLContext) {
  let p = groupsOfRequest.get(ctx);
  if (!p) groupsOfRequest.set(ctx, (p = listGroups({ actor: requireActorIn(ctx) })));
  return p;
}

const User = builder.objectRef<DirectoryUser | UserView>("User");
const Group = builder.objectRef<GroupShape>("Group").implement({
  description: "A directory group. Its permissions are those of the role it maps to (OIDC group mapping).",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    // the mapping in force (stored, else the environment's): what the group's members get (ADR 027)
    permissions: t.stringList({
      resolve: async (g) => g.permissions ?? groupPermissions(g.name, (await effectiveGroupMapping()).mapping),
    }),
    members: t.field({
      type: [User],
      authScopes: { permission: "group:read" },
      resolve: async (g, _a, ctx) => g.members ?? (await requestGroups(ctx)).find((x) => x.id === g.id)?.members ?? [],
    }),
  }),
});

User.implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    username: t.exposeString("username"),
    email: t.exposeString("email"),
    fullName: t.exposeString("fullName"),
    groups: t.field({ type: [Group], resolve: (u) => u.groups }),
    // Group members are plain directory users: their clients are only listed on users(…)/user(…).
    clients: t.field({ type: [Client], resolve: (u) => ("clients" in u ? u.clients : []) }),
    roles: t.stringList({
      description: "Roles held (global and per client)",
      resolve: (u) => ("roles" in u ? u.roles : []),
    }),
    lastLogin: t.field({ type: "DateTime", nullable: true, resolve: (u) => u.lastLogin }),
    isActive: t.exposeBoolean("isActive"),
  }),
});

const UserFilter = builder.inputType("UserFilter", {
  fields: (t) => ({
    search: t.string({ required: false }),
    group: t.id({ required: false, description: "Only members of this group" }),
    client: t.id({ required: false, description: "Only users of this client" }),
    active: t.boolean({ required: false }),
  }),
});

const CreateUserInput = builder.inputType("CreateUserInput", {
  fields: (t) => ({
    username: t.string({ required: true }),
    email: t.string({ required: true }),
    fullName: t.string({ required: false }),
    password: t.string({ required: false, description: "Local directory only; at least 12 characters" }),
    isActive: t.boolean({ required: false }),
    clientIds: t.idList({ required: false }),
    groupIds: t.idList({ required: false }),
  }),
});

const UpdateUserInput = builder.inputType("UpdateUserInput", {
  fields: (t) => ({
    username: t.string({ required: false }),
    email: t.string({ required: false }),
    fullName: t.string({ required: false }),
    password: t.string({ required: false }),
    isActive: t.boolean({ required: false }),
    clientIds: t.idList({ required: false }),
    groupIds: t.idList({ required: false }),
  }),
});

builder.queryFields((t) => ({
  users: t.field({
    type: [User],
    authScopes: { permission: "user:read" },
    args: { filter: t.arg({ type: UserFilter, required: false }) },
    resolve: (_r, args, ctx) => listUsers({ actor: requireActorIn(ctx), filter: given(args.filter) }),
  }),
  user: t.field({
    type: User,
    nullable: true,
    authScopes: { permission: "user:read" },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => getUser({ actor: requireActorIn(ctx), id: String(args.id) }),
  }),
  groups: t.field({
    type: [Group],
    authScopes: { permission: "group:read" },
    resolve: (_r, _a, ctx) => requestGroups(ctx),
  }),
}));

builder.mutationFields((t) => ({
  createUser: t.field({
    type: User,
    authScopes: { permission: "user:create" },
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: (_r, args, ctx) => createUser({ actor: requireActorIn(ctx), input: given(args.input) }),
  }),
  updateUser: t.field({
    type: User,
    authScopes: { permission: "user:update" },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateUserInput, required: true }) },
    resolve: (_r, args, ctx) =>
      updateUser({ actor: requireActorIn(ctx), id: String(args.id), input: given(args.input) }),
  }),
  deleteUser: t.field({
    type: "Boolean",
    authScopes: { permission: "user:delete" },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => deleteUser({ actor: requireActorIn(ctx), id: String(args.id) }),
  }),
  addUserToGroup: t.field({
    type: "Boolean",
    authScopes: { permission: "group:write" },
    args: { groupId: t.arg.id({ required: true }), userId: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) =>
      addUserToGroup({ actor: requireActorIn(ctx), groupId: String(a.groupId), userId: String(a.userId) }),
  }),
  removeUserFromGroup: t.field({
    type: "Boolean",
    authScopes: { permission: "group:write" },
    args: { groupId: t.arg.id({ required: true }), userId: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) =>
      removeUserFromGroup({ actor: requireActorIn(ctx), groupId: String(a.groupId), userId: String(a.userId) }),
  }),
}));
