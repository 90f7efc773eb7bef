import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/auth/tokens/api-tokens";
import { builder } from "./builder";
import { given } from "./input";
import { requireActorIn } from "./actor";

type TokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];

const ApiToken = builder.objectRef<TokenRow>("ApiToken").implement({
  description: "A personal API token (the secret is shown only once, at creation).",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    prefix: t.exposeString("prefix"),
    expiresAt: t.field({ type: "DateTime", resolve: (r) => r.expiresAt }),
    revokedAt: t.field({ type: "DateTime", nullable: true, resolve: (r) => r.revokedAt }),
    lastUsedAt: t.field({ type: "DateTime", nullable: true, resolve: (r) => r.lastUsedAt }),
    createdAt: t.field({ type: "DateTime", resolve: (r) => r.createdAt }),
  }),
});

const CreatedApiToken = builder
  .objectRef<{ id: string; name: string; token: string; expiresAt: Date }>("CreatedApiToken")
  .implement({
    fields: (t) => ({
      id: t.exposeID("id"),
      name: t.exposeString("name"),
      token: t.exposeString("token", { description: "The secret. Store it now: it cannot be shown again." }),
      expiresAt: t.field({ type: "DateTime", resolve: (r) => r.expiresAt }),
    }),
  });

builder.queryFields((t) => ({
  apiTokens: t.field({
    type: [ApiToken],
    authScopes: { permission: "token:manage-own" },
    resolve: (_r, _a, ctx) => listApiTokens({ actor: requireActorIn(ctx) }),
  }),
}));

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: CreatedApiToken,
    authScopes: { permission: "token:manage-own" },
    args: { name: t.arg.string({ required: true }), expiresInDays: t.arg.int({ required: false }) },
    resolve: (_r, args, ctx) => createApiToken({ actor: requireActorIn(ctx), ...given(args) }),
  }),
  revokeApiToken: t.field({
    type: "Boolean",
    authScopes: { permission: "token:manage-own" },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => revokeApiToken({ actor: requireActorIn(ctx), id: String(args.id) }),
  }),
}));
