import { requireActor } from "@/lib/auth/current-actor";
import { listPasskeys } from "@/lib/auth/passkeys";
import { PasskeyList } from "@/components/passkey-list";

export const metadata = { title: "Security" };

export default async function SecurityPage() {
  const actor = await requireActor();
  const passkeys = await listPasskeys({ actor });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Security</h1>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Passkeys</h2>
        <p className="mb-3 text-sm text-slate-500">Sign in with your device&apos;s fingerprint, face or screen lock instead of a password.</p>
        <PasskeyList passkeys={passkeys.map((p) => ({ ...p, createdAt: p.createdAt.toISOString(), lastUsedAt: p.lastUsedAt?.toISOString() ?? null, revokedAt: p.revokedAt?.toISOString() ?? null }))} />
      </section>
    </div>
  );
}
