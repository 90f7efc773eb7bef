"use client";
import { useActionState } from "react";
import { setupAction, type SetupState } from "./actions";

export function SetupForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<SetupState, FormData>(setupAction, {});
  if (state.done)
    return (
      <p>
        Administrator created.{" "}
        <a className="underline" href="/signin">
          Sign in
        </a>
        .
      </p>
    );
  const input = "w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900";
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      <label className="block text-sm">
        Email
        <input name="email" type="email" required className={input} />
      </label>
      <label className="block text-sm">
        Username
        <input name="username" required className={input} />
      </label>
      <label className="block text-sm">
        Full name
        <input name="fullName" className={input} />
      </label>
      <label className="block text-sm">
        Password (12+ characters)
        <input name="password" type="password" minLength={12} required className={input} />
      </label>
      <button
        disabled={pending}
        className="w-full rounded-md bg-slate-900 px-3 py-2 text-white dark:bg-slate-100 dark:text-slate-900"
      >
        Create administrator
      </button>
      {state.error && (
        <p role="alert" className="text-sm text-red-600">
          {state.error}
        </p>
      )}
    </form>
  );
}
