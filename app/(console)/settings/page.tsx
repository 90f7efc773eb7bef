import { requireActor } from "@/lib/auth/current-actor";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { ApiTokens } from "./api-tokens";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const actor = await requireActor();
  const tokens = await listApiTokens({ actor });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <nav className="flex gap-4 text-sm underline"><a href="/settings/sessions">Sessions (signed-in devices)</a><a href="/settings/security">Security (passkeys)</a></nav>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Personal API tokens</h2>
        <p className="mb-3 text-sm text-slate-500">
          For scripts and apps: send <code>Authorization: Bearer &lt;token&gt;</code> to <code>/api/graphql</code>. A token acts with your own rights.
        </p>
        <ApiTokens tokens={tokens.map((t) => ({ ...t, expiresAt: t.expiresAt.toISOString(), revokedAt: t.revokedAt?.toISOString() ?? null, lastUsedAt: t.lastUsedAt?.toISOString() ?? null, createdAt: t.createdAt.toISOString() }))} />
      </section>
    </div>
  );
}
