"use client";
import { useActionState } from "react";
import { deleteRecordAction } from "../actions";
import type { ActionState } from "@/components/action-state";

/** Delete with a confirmation; a refusal (for example the last NS) is shown next to the button. */
export function DeleteRecord({ id, zone, label }: { id: string; zone: string; label: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(deleteRecordAction, {});
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!confirm(`Delete ${label}?`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="zone" value={zone} />
      <button disabled={pending} className="text-sm text-red-700 underline dark:text-red-400">
        Delete
      </button>
      {state.error && (
        <span role="alert" className="ml-2 text-xs text-red-700 dark:text-red-400">
          {state.error}
        </span>
      )}
    </form>
  );
}
