import { requireActor } from "@/lib/auth/request/current-actor";
import { listApiTokens } from "@/lib/auth/tokens/api-tokens";
import { can } from "@/lib/auth/actor";
import { listGroupRoleMappings } from "@/lib/identity/role-mapping-settings";
import { ApiTokens } from "./api-tokens";
import { RoleMapping } from "./role-mapping";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const actor = await requireActor();
  const tokens = await listApiTokens({ actor });
  const roleMapping = can(actor, "role-mapping:read") ? await listGroupRoleMappings({ actor }) : null;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <nav className="flex gap-4 text-sm underline">
        <a href="/settings/sessions">Sessions (signed-in devices)</a>
        <a href="/settings/security">Security (passkeys)</a>
      </nav>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Personal API tokens</h2>
        <p className="mb-3 text-sm text-slate-500">
          For scripts and apps: send <code>Authorization: Bearer &lt;token&gt;</code> to <code>/api/graphql</code>. A
          token acts with your own rights.
        </p>
        <ApiTokens
          tokens={tokens.map((t) => ({
            ...t,
            expiresAt: t.expiresAt.toISOString(),
            revokedAt: t.revokedAt?.toISOString() ?? null,
            lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
            createdAt: t.createdAt.toISOString(),
          }))}
        />
      </section>
      {roleMapping && (
        <section>
          <h2 className="mb-2 text-lg font-semibold">Roles mapping</h2>
          <p className="mb-3 text-sm text-slate-500">
            Which role each Authentik group gives, applied at sign-in and by the periodic sync
            (GROUP_SYNC_INTERVAL_MINUTES).
          </p>
          <RoleMapping
            mappings={roleMapping.mappings.map(({ pattern, role }) => ({ pattern, role }))}
            source={roleMapping.source}
          />
        </section>
      )}
    </div>
  );
}
