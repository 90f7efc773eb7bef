"use client";
import { useActionState } from "react";
import { signOutUserEverywhereAction } from "../actions";
import type { ActionState } from "@/components/action-state";

/** Signs a user out on all their devices, after a confirmation. */
export function SignOutEverywhere({ id, username }: { id: string; username: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(signOutUserEverywhereAction, {});
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(`Sign ${username} out on every device?`)) e.preventDefault();
      }}
      className="flex flex-wrap items-center gap-2"
    >
      <input type="hidden" name="id" value={id} />
      <button
        disabled={pending}
        className="rounded-md border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-700"
      >
        Sign out everywhere
      </button>
      {state.error && (
        <span role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.error}
        </span>
      )}
      {state.ok && (
        <span role="status" className="text-sm text-green-700 dark:text-green-400">
          {state.ok}
        </span>
      )}
    </form>
  );
}
