import { requireActor } from "@/lib/auth/request/current-actor";
import { listPasskeys } from "@/lib/auth/passkeys/passkeys";
import { me } from "@/lib/users/me";
import { PasskeyList } from "./passkey-list";
import { ChangePasswordForm } from "./change-password-form";

export const metadata = { title: "Security" };

export default async function SecurityPage() {
  const actor = await requireActor();
  // a user with no role yet holds no token:manage-own, but may still change their password
  const mayManage = actor.permissions.has("token:manage-own");
  const [passkeys, self] = await Promise.all([mayManage ? listPasskeys({ actor }) : null, me({ actor })]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Security</h1>
      {passkeys && (
        <section>
          <h2 className="mb-2 text-lg font-semibold">Passkeys</h2>
          <p className="mb-3 text-sm text-slate-500">
            Sign in with your device&apos;s fingerprint, face or screen lock instead of a password.
          </p>
          <PasskeyList
            passkeys={passkeys.map((p) => ({
              ...p,
              createdAt: p.createdAt.toISOString(),
              lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
              revokedAt: p.revokedAt?.toISOString() ?? null,
            }))}
          />
        </section>
      )}
      {self.source === "local" && (
        <section>
          <h2 className="mb-2 text-lg font-semibold">Password</h2>
          <p className="mb-3 text-sm text-slate-500">
            Changing it signs out your other sessions and apps; this one stays signed in.
          </p>
          <ChangePasswordForm />
        </section>
      )}
    </div>
  );
}
