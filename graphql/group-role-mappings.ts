import {
  deleteGroupRoleMapping,
  listGroupRoleMappings,
  setGroupRoleMapping,
} from "@/lib/identity/role-mapping-settings";
import { builder } from "./builder";
import { requireActorIn } from "./actor";

// Authentik group → role mapping (Settings → Roles mapping), SUPER_ADMIN only (docs/decisions/016).
type Row = Awaited<ReturnType<typeof listGroupRoleMappings>>["mappings"][number];

const GroupRoleMapping = builder.objectRef<Row>("GroupRoleMapping").implement({
  description: "An Authentik group name (or a pattern with {domain} for a client role) and the role it grants.",
  fields: (t) => ({
    pattern: t.exposeString("pattern"),
    role: t.exposeString("role", { description: "SUPER_ADMIN, DEVELOPER, CLIENT_ADMIN or CLIENT_USER" }),
    updatedAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "null while the mapping comes from the environment or the default",
      resolve: (r) => r.updatedAt,
    }),
  }),
});

builder.queryFields((t) => ({
  groupRoleMappings: t.field({
    type: [GroupRoleMapping],
    description: "The mapping in force: the stored one, or OIDC_GROUP_MAPPING / the default while none is stored.",
    authScopes: { permission: "role-mapping:read" },
    resolve: async (_r, _a, ctx) => (await listGroupRoleMappings({ actor: requireActorIn(ctx) })).mappings,
  }),
}));

builder.mutationFields((t) => ({
  setGroupRoleMapping: t.field({
    type: GroupRoleMapping,
    args: { pattern: t.arg.string({ required: true }), role: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) =>
      setGroupRoleMapping({ actor: requireActorIn(ctx), pattern: args.pattern, role: args.role }),
  }),
  deleteGroupRoleMapping: t.boolean({
    args: { pattern: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => deleteGroupRoleMapping({ actor: requireActorIn(ctx), pattern: args.pattern }),
  }),
}));
