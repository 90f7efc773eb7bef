"use client";
import { startRegistration } from "@simplewebauthn/browser";
import { useState, useTransition } from "react";
import { useStepUp } from "@/components/step-up-dialog";
import { passkeyOptionsAction, registerPasskeyAction, renamePasskeyAction, revokePasskeyAction } from "./actions";

type Passkey = { id: string; name: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

const day = (iso: string) => iso.slice(0, 16).replace("T", " ");

/** Settings → Security: add a passkey (the device's biometric prompt), rename, revoke. */
export function PasskeyList({ passkeys }: { passkeys: Passkey[] }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  // a new passkey asks for a confirmation unless this device signed in in the last 5 minutes (ADR 027)
  const { withStepUp, dialog } = useStepUp();
  const input = "rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";

  const add = (form: FormData) =>
    start(async () => {
      setMessage(null);
      const options = await withStepUp(
        () => passkeyOptionsAction(),
        (r) => r.stepUp === true,
      );
      if (options.error !== undefined) return setMessage({ text: options.error, error: true });
      let response;
      try {
        response = await startRegistration({ optionsJSON: options.ok });
      } catch (err) {
        return setMessage({ text: `The passkey was not created: ${(err as Error).message}`, error: true });
      }
      const saved = await registerPasskeyAction(response, String(form.get("name") || "Passkey"));
      setMessage(
        saved.error !== undefined
          ? { text: saved.error, error: true }
          : { text: `Passkey “${saved.ok.name}” added.`, error: false },
      );
    });

  const rename = (p: Passkey) => {
    const name = prompt("New name for this passkey", p.name);
    if (name)
      start(async () => {
        const r = await renamePasskeyAction(p.id, name);
        if (r.error) setMessage({ text: r.error, error: true });
      });
  };
  const revoke = (p: Passkey) =>
    confirm(`Revoke passkey “${p.name}”? It can no longer sign in.`) &&
    start(async () => {
      const r = await revokePasskeyAction(p.id);
      if (r.error) setMessage({ text: r.error, error: true });
    });

  return (
    <div className="space-y-3">
      <form action={add} className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          Name
          <br />
          <input name="name" maxLength={100} placeholder="e.g. My phone" className={input} />
        </label>
        <button
          disabled={pending}
          className="rounded-md bg-slate-900 px-3 py-1.5 text-white dark:bg-slate-100 dark:text-slate-900"
        >
          Add a passkey
        </button>
      </form>
      {dialog}
      {message && (
        <p
          role={message.error ? "alert" : "status"}
          className={`text-sm ${message.error ? "text-red-600" : "text-emerald-700"}`}
        >
          {message.text}
        </p>
      )}
      {passkeys.length === 0 ? (
        <p className="text-sm text-slate-500">No passkeys yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800" aria-label="Passkeys">
          {passkeys.map((p) => (
            <li key={p.id} data-testid="passkey" className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <strong>{p.name}</strong> · added {day(p.createdAt)}
                {p.lastUsedAt ? ` · last used ${day(p.lastUsedAt)}` : " · never used"}
              </span>
              {p.revokedAt ? (
                <span className="text-slate-500">revoked</span>
              ) : (
                <span className="flex gap-3">
                  <button disabled={pending} onClick={() => rename(p)}>
                    Rename
                  </button>
                  <button disabled={pending} className="text-red-600" onClick={() => revoke(p)}>
                    Revoke
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
