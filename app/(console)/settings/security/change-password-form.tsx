"use client";
import { useActionState } from "react";
import { changePasswordAction } from "./actions";
import type { ActionState } from "@/components/action-state";

// Settings → Security: a local account changes its own password with the current one. The
// server says why a new password is refused (too short, too easy to guess and how to fix it).
const input = "rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(changePasswordAction, {});
  const fieldError = (name: string) =>
    state.fields?.[name] && (
      <span className="text-xs text-red-600" id={`${name}-error`}>
        {state.fields[name]}
      </span>
    );
  return (
    <form action={action} aria-label="Change password" className="flex max-w-sm flex-col gap-2 text-sm">
      <label className="flex flex-col">
        Current password
        <input
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          className={input}
          aria-describedby="currentPassword-error"
        />
        {fieldError("currentPassword")}
      </label>
      <label className="flex flex-col">
        New password (at least 12 characters, hard to guess)
        <input
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          className={input}
          aria-describedby="newPassword-error"
        />
        {fieldError("newPassword")}
      </label>
      <button
        disabled={pending}
        className="self-start rounded-md bg-slate-900 px-3 py-1.5 text-white dark:bg-slate-100 dark:text-slate-900"
      >
        Change password
      </button>
      {state.error && (
        <p role="alert" className="text-red-600">
          {state.error}
        </p>
      )}
      {state.ok && (
        <p role="status" className="text-emerald-700">
          {state.ok}
        </p>
      )}
    </form>
  );
}
