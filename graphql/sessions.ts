import { changeOwnPassword } from "@/lib/auth/password/change-password";
import { currentSessionId } from "@/lib/auth/request/current-actor";
import {
  listMySessions,
  revokeAllMySessions,
  revokeMySession,
  type SessionView,
} from "@/lib/auth/session/sessions-admin";
import { builder } from "./builder";
import { requireActorIn } from "./actor";

const DeviceSession = builder.objectRef<SessionView>("DeviceSession").implement({
  description: "A device signed in as you: a browser, or an app holding a refresh token.",
  fields: (t) => ({
    id: t.exposeID("id"),
    userAgent: t.exposeString("userAgent", { nullable: true }),
    ipAddress: t.exposeString("ipAddress", { nullable: true }),
    createdAt: t.field({ type: "DateTime", resolve: (r) => r.createdAt }),
    lastSeenAt: t.field({ type: "DateTime", resolve: (r) => r.lastSeenAt }),
    expiresAt: t.field({ type: "DateTime", resolve: (r) => r.expiresAt }),
    app: t.exposeBoolean("app", { description: "Signed in through the token endpoint (refresh tokens)" }),
    current: t.exposeBoolean("current", { description: "The session this request comes from" }),
  }),
});

builder.queryFields((t) => ({
  mySessions: t.field({
    type: [DeviceSession],
    authScopes: { permission: "token:manage-own" },
    resolve: async (_r, _a, ctx) =>
      listMySessions({ actor: requireActorIn(ctx), currentSessionId: await currentSessionId(ctx.request.headers) }),
  }),
}));

builder.mutationFields((t) => ({
  revokeSession: t.field({
    type: "Boolean",
    description: "Signs one device out (an app's whole refresh-token family).",
    authScopes: { permission: "token:manage-own" },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => revokeMySession({ actor: requireActorIn(ctx), id: String(args.id) }),
  }),
  revokeAllSessions: t.field({
    type: "Int",
    description:
      "Signs out everywhere, this session included, and revokes every app's refresh tokens and every API token. Returns how many sessions ended.",
    authScopes: { permission: "token:manage-own" },
    resolve: (_r, _a, ctx) => revokeAllMySessions({ actor: requireActorIn(ctx) }),
  }),
  changePassword: t.field({
    type: "Boolean",
    description: "Changes your own password, given the current one. Signs out your other sessions and apps.",
    authScopes: { signedIn: true },
    args: { currentPassword: t.arg.string({ required: true }), newPassword: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      await changeOwnPassword({
        actor: requireActorIn(ctx),
        currentPassword: args.currentPassword,
        newPassword: args.newPassword,
      });
      return true;
    },
  }),
}));
