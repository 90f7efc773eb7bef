"use client";
import { startAuthentication } from "@simplewebauthn/browser";
import { signIn } from "next-auth/react";
import { useState } from "react";

/** "Sign in with a passkey": a discoverable credential, so no username is asked; the device
 *  shows its biometric or screen-lock prompt (user verification required). */
export function PasskeySignIn({ callbackUrl, onError }: { callbackUrl: string; onError: (message: string) => void }) {
  const [busy, setBusy] = useState(false);
  async function go() {
    setBusy(true);
    onError("");
    try {
      const res = await fetch("/api/passkeys/options", { method: "POST" });
      if (res.status === 429) return onError("Too many attempts. Wait a minute and try again.");
      if (!res.ok) return onError("Passkey sign-in is unavailable right now.");
      let assertion;
      try {
        assertion = await startAuthentication({ optionsJSON: await res.json() });
      } catch {
        return onError("No passkey was used.");
      }
      const out = await signIn("passkey", { response: JSON.stringify(assertion), redirect: false, callbackUrl });
      if (out?.ok) window.location.assign(callbackUrl);
      else
        onError(
          out?.status === 429 ? "Too many attempts. Wait a minute and try again." : "This passkey was not accepted.",
        );
    } finally {
      setBusy(false);
    }
  }
  return (
    <button
      type="button"
      disabled={busy}
      onClick={go}
      className="w-full rounded-md border border-slate-300 px-3 py-2 disabled:opacity-50 dark:border-slate-700"
    >
      {busy ? "Waiting for your passkey…" : "Sign in with a passkey"}
    </button>
  );
}
