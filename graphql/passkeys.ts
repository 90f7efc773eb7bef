import { listPasskeys, renamePasskey, revokePasskey } from "@/lib/auth/passkeys/passkeys";
import { builder } from "./builder";
import { requireActorIn } from "./actor";

// Registration and sign-in are browser ceremonies (Settings → Security, the sign-in page);
// the API lists, renames and revokes.
type PasskeyRow = Awaited<ReturnType<typeof listPasskeys>>[number];

const Passkey = builder.objectRef<PasskeyRow>("Passkey").implement({
  description: "A passkey (WebAuthn credential) that signs you in with your device's biometrics or screen lock.",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    createdAt: t.field({ type: "DateTime", resolve: (r) => r.createdAt }),
    lastUsedAt: t.field({ type: "DateTime", nullable: true, resolve: (r) => r.lastUsedAt }),
    revokedAt: t.field({ type: "DateTime", nullable: true, resolve: (r) => r.revokedAt }),
  }),
});

builder.queryFields((t) => ({
  myPasskeys: t.field({
    type: [Passkey],
    authScopes: { permission: "token:manage-own" },
    resolve: (_r, _a, ctx) => listPasskeys({ actor: requireActorIn(ctx) }),
  }),
}));

builder.mutationFields((t) => ({
  renamePasskey: t.field({
    type: "Boolean",
    authScopes: { permission: "token:manage-own" },
    args: { id: t.arg.id({ required: true }), name: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => renamePasskey({ actor: requireActorIn(ctx), id: String(args.id), name: args.name }),
  }),
  revokePasskey: t.field({
    type: "Boolean",
    authScopes: { permission: "token:manage-own" },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => revokePasskey({ actor: requireActorIn(ctx), id: String(args.id) }),
  }),
}));
