"use client";
import { useActionState } from "react";
import { useStepUpForm } from "@/components/step-up-dialog";
import { deleteUserAction, setActiveAction } from "./actions";
import type { ActionState } from "@/components/action-state";

const button = "rounded-md border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-700";
const input = "rounded-md border border-slate-300 bg-white px-2 py-0.5 text-sm dark:border-slate-700 dark:bg-slate-900";

function Message({ state }: { state: ActionState }) {
  if (state.error)
    return (
      <span role="alert" className="text-sm text-red-700 dark:text-red-400">
        {state.error}
      </span>
    );
  if (state.ok)
    return (
      <span role="status" className="text-sm text-green-700 dark:text-green-400">
        {state.ok}
      </span>
    );
  return null;
}

/** Deactivate / reactivate, and delete behind a typed confirmation (and a step-up when due). */
export function UserActions({
  id,
  username,
  isActive,
  canUpdate,
  canDelete,
}: {
  id: string;
  username: string;
  isActive: boolean;
  canUpdate: boolean;
  canDelete: boolean;
}) {
  const [activeState, activeAction, activePending] = useActionState<ActionState, FormData>(setActiveAction, {});
  const [deleteState, dispatchDelete, deletePending] = useActionState<ActionState, FormData>(deleteUserAction, {});
  // Delete needs a recent step-up: the dialog asks, then the same form is submitted again.
  const { action: deleteAction, dialog: stepUpDialog } = useStepUpForm(deleteState, dispatchDelete);
  return (
    <span className="flex flex-wrap items-center gap-2">
      {canUpdate && (
        <form action={activeAction}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="active" value={String(!isActive)} />
          <button disabled={activePending} className={button}>
            {isActive ? "Deactivate" : "Reactivate"}
          </button>
        </form>
      )}
      {canDelete && (
        <details>
          <summary className={`${button} cursor-pointer text-red-700 dark:text-red-400`}>Delete…</summary>
          <form action={deleteAction} className="mt-1 flex items-center gap-1" aria-label={`Delete ${username}`}>
            <input type="hidden" name="id" value={id} />
            <label className="text-sm">
              Type <strong>{username}</strong> to confirm
              <input name="confirm" required autoComplete="off" className={`${input} ml-1`} />
            </label>
            <button disabled={deletePending} className={`${button} text-red-700 dark:text-red-400`}>
              Delete user
            </button>
          </form>
        </details>
      )}
      <Message state={activeState} />
      {stepUpDialog}
      {!deleteState.stepUp && <Message state={deleteState} />}
    </span>
  );
}
