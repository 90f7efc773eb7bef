"use client";
import { useActionState } from "react";
import { createUserAction } from "./actions";
import type { ActionState } from "@/components/action-state";

const input = "rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";

export function NewUserForm({
  clients,
  clientRequired,
  localPasswords,
}: {
  clients: { id: string; name: string }[];
  clientRequired: boolean;
  localPasswords: boolean;
}) {
  const [state, action, pending] = useActionState<ActionState, FormData>(createUserAction, {});
  return (
    <details className="rounded-md border border-slate-200 p-3 dark:border-slate-800" open={Boolean(state.error)}>
      <summary className="cursor-pointer font-medium">New user</summary>
      <form action={action} className="mt-2 flex flex-wrap items-end gap-2" aria-label="New user">
        <label className="flex flex-col text-sm">
          Username
          <input name="username" required maxLength={150} defaultValue={state.values?.username} className={input} />
        </label>
        <label className="flex flex-col text-sm">
          Email
          <input name="email" type="email" required defaultValue={state.values?.email} className={input} />
        </label>
        <label className="flex flex-col text-sm">
          Full name
          <input name="fullName" defaultValue={state.values?.fullName} className={input} />
        </label>
        {localPasswords && (
          <label className="flex flex-col text-sm">
            Password (12+ characters, optional)
            <input name="password" type="password" minLength={12} autoComplete="new-password" className={input} />
          </label>
        )}
        <label className="flex flex-col text-sm">
          Client
          <select
            name="clientId"
            required={clientRequired}
            defaultValue={state.values?.clientId ?? ""}
            className={input}
          >
            {!clientRequired && <option value="">None</option>}
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button disabled={pending} className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">
          Create user
        </button>
      </form>
      {state.error && (
        <p role="alert" data-testid="user-error" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {state.error}
        </p>
      )}
      {state.ok && (
        <p role="status" className="mt-2 text-sm text-green-700 dark:text-green-400">
          {state.ok}
        </p>
      )}
    </details>
  );
}
