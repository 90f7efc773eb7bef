"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { PasskeySignIn } from "./passkey-sign-in";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email/username or password.",
  OAuthSignin: "Could not reach the identity provider.",
  OAuthCallback: "The identity provider's answer was not accepted.",
  AccessDenied: "Access denied.",
  AccountDelay: "Too many failed sign-ins for this account. Wait a few seconds and try again.",
  OidcEmailTaken:
    "An account with your email already exists here and is not linked to Authentik. Ask an administrator.",
  OidcInactive: "Your account is disabled. Ask an administrator.",
  OidcNoEmail: "Authentik did not send an email address for your account.",
};

export function SignInForm({ callbackUrl, oidc, error }: { callbackUrl: string; oidc: boolean; error?: string }) {
  const [message, setMessage] = useState(error ? (MESSAGES[error] ?? "Sign-in failed.") : "");
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setMessage("");
    const form = new FormData(e.currentTarget);
    const res = await signIn("password", {
      login: form.get("login"),
      password: form.get("password"),
      redirect: false,
      callbackUrl,
    });
    setBusy(false);
    if (res?.ok) window.location.assign(callbackUrl);
    else if (res?.status === 429) setMessage("Too many attempts. Wait a minute and try again.");
    else setMessage(MESSAGES[res?.error ?? ""] ?? "Wrong email/username or password.");
  }

  const input = "w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900";
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-3">
        <label className="block text-sm">
          Email or username
          <input name="login" autoComplete="username" required className={input} />
        </label>
        <label className="block text-sm">
          Password
          <input name="password" type="password" autoComplete="current-password" required className={input} />
        </label>
        <button
          disabled={busy}
          className="w-full rounded-md bg-slate-900 px-3 py-2 text-white disabled:opacity-50 dark:bg-slate-100 dark:text-slate-900"
        >
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <PasskeySignIn callbackUrl={callbackUrl} onError={setMessage} />
      {oidc && (
        <button
          type="button"
          onClick={() => signIn("authentik", { callbackUrl })}
          className="w-full rounded-md border border-slate-300 px-3 py-2 dark:border-slate-700"
        >
          Sign in with Authentik
        </button>
      )}
      {message && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {message}
        </p>
      )}
    </div>
  );
}
