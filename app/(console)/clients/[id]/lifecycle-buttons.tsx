"use client";
import { useActionState, useState } from "react";
import { useStepUpForm } from "@/components/step-up-dialog";
import { deleteClientAction, resumeClientAction, suspendClientAction } from "./actions";
import type { ActionState } from "@/components/action-state";

const button = "rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700";

/** Suspend / resume / delete. Delete opens a dialog where the client's domain must be typed, and
 *  asks for a step-up (passkey or password) when the last one is older than 5 minutes. */
export function LifecycleButtons({
  id,
  domain,
  status,
  canSuspend,
  canDelete,
}: {
  id: string;
  domain: string;
  status: string;
  canSuspend: boolean;
  canDelete: boolean;
}) {
  const [suspendState, suspend, suspending] = useActionState<ActionState, FormData>(suspendClientAction, {});
  const [resumeState, resume, resuming] = useActionState<ActionState, FormData>(resumeClientAction, {});
  const [deleteState, dispatchDelete, deleting] = useActionState<ActionState, FormData>(deleteClientAction, {});
  // Delete needs a recent step-up: the dialog asks, then the same form is submitted again.
  const { action: remove, dialog: stepUpDialog } = useStepUpForm(deleteState, dispatchDelete);
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const message = (deleteState.stepUp ? null : deleteState.error) ?? suspendState.error ?? resumeState.error;
  const ok = suspendState.ok ?? resumeState.ok;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {canSuspend && status === "active" && (
          <form action={suspend}>
            <input type="hidden" name="id" value={id} />
            <button disabled={suspending} className={button}>
              Suspend
            </button>
          </form>
        )}
        {canSuspend && status === "suspended" && (
          <form action={resume}>
            <input type="hidden" name="id" value={id} />
            <button disabled={resuming} className={button}>
              Resume
            </button>
          </form>
        )}
        {canDelete && (
          <button onClick={() => setConfirming(true)} className={`${button} text-red-700 dark:text-red-400`}>
            Delete…
          </button>
        )}
      </div>
      {confirming && (
        <div
          role="dialog"
          aria-modal="true"
          aria-labelledby="delete-title"
          className="rounded-md border border-red-300 p-3 dark:border-red-800"
        >
          <p id="delete-title" className="font-medium">
            Delete this client?
          </p>
          <p className="text-sm">
            Its containers are removed; its data is kept until a purge. Type <code>{domain}</code> to confirm.
          </p>
          <form action={remove} className="mt-2 flex flex-wrap gap-2">
            <input type="hidden" name="id" value={id} />
            <input
              name="confirm"
              aria-label="Domain to confirm"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
            />
            <button
              disabled={deleting || typed.trim().toLowerCase() !== domain}
              className={`${button} text-red-700 disabled:opacity-50 dark:text-red-400`}
            >
              Delete client
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                setTyped("");
              }}
              className={button}
            >
              Cancel
            </button>
          </form>
        </div>
      )}
      {stepUpDialog}
      {message && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {message}
        </p>
      )}
      {ok && (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          {ok}
        </p>
      )}
    </div>
  );
}
