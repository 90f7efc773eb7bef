import "server-only";
import { GraphQLError, type ValidationRule } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Actor } from "@/lib/auth/actor";

// The schema is for signed-in callers: an anonymous request that reads __schema or __type is
// refused before execution (one such request with 300 aliases used to return 11 MB).
// __typename stays allowed: it says nothing about the schema. docs/decisions/028-http-edge.md

export const INTROSPECTION_NEEDS_SIGN_IN =
  "Introspection is only for signed-in callers: sign in or send a bearer token";

const noAnonymousIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === "__schema" || node.name.value === "__type") {
      context.reportError(
        new GraphQLError(INTROSPECTION_NEEDS_SIGN_IN, { nodes: [node], extensions: { code: "UNAUTHENTICATED" } }),
      );
    }
  },
});

export function anonymousIntrospectionPlugin(): Plugin<{ actor: Actor | null }> {
  return {
    onValidate({ context, addValidationRule }) {
      if (!context.actor) addValidationRule(noAnonymousIntrospection);
    },
  };
}
