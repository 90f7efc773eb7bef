import SchemaBuilder from "@pothos/core";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import { AppError } from "@/lib/errors";
import type { Permission } from "@/lib/auth/permissions";
import type { GraphQLContext } from "./context";

// The builder only: no types here (graphql/<domain>.ts define them, graphql/schema.ts assembles).
// Scope auth is the coarse edge check; the domain layer makes the real decision for every door.
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: { signedIn: boolean; permission: Permission };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, RelayPlugin],
  relay: { clientMutationId: "omit", cursorType: "String" },
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      signedIn: !!ctx.actor,
      permission: (perm: Permission) => !!ctx.actor?.permissions.has(perm),
    }),
    unauthorizedError: (_parent, ctx, _info, result) =>
      ctx.actor ? new AppError("FORBIDDEN", result.message) : new AppError("UNAUTHENTICATED", "Sign in first"),
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
