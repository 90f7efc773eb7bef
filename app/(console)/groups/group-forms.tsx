"use client";
import { useActionState } from "react";
import { useStepUpForm } from "@/components/step-up-dialog";
import { addMemberAction, createGroupAction, removeMemberAction } from "./actions";
import type { ActionState } from "@/components/action-state";

const input = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
const button = "rounded-md border border-slate-300 px-3 py-1 text-sm dark:border-slate-700";

function Message({ state }: { state: ActionState }) {
  if (state.stepUp) return null; // the step-up dialog is open instead
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

export function NewGroupForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(createGroupAction, {});
  return (
    <form action={action} aria-label="New group" className="flex flex-wrap items-end gap-2">
      <label className="flex flex-col text-sm">
        Group name
        <input name="name" required maxLength={150} className={input} />
      </label>
      <button disabled={pending} className={button}>
        Create group
      </button>
      <Message state={state} />
    </form>
  );
}

export function AddMemberForm({
  groupId,
  candidates,
}: {
  groupId: string;
  candidates: { id: string; username: string }[];
}) {
  const [state, dispatch, pending] = useActionState<ActionState, FormData>(addMemberAction, {});
  const { action, dialog } = useStepUpForm(state, dispatch);
  // the dialog holds a form of its own: it must not sit inside this one
  return (
    <>
      <form action={action} aria-label="Add member" className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="groupId" value={groupId} />
        <label className="flex flex-col text-sm">
          User
          <select name="userId" required className={input} defaultValue="">
            <option value="" disabled>
              Choose a user
            </option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>
                {u.username}
              </option>
            ))}
          </select>
        </label>
        <button disabled={pending || candidates.length === 0} className={button}>
          Add member
        </button>
        <Message state={state} />
      </form>
      {dialog}
    </>
  );
}

export function RemoveMemberButton({
  groupId,
  userId,
  username,
}: {
  groupId: string;
  userId: string;
  username: string;
}) {
  const [state, dispatch, pending] = useActionState<ActionState, FormData>(removeMemberAction, {});
  const { action, dialog } = useStepUpForm(state, dispatch);
  return (
    <>
      <form action={action} className="inline-flex items-center gap-2">
        <input type="hidden" name="groupId" value={groupId} />
        <input type="hidden" name="userId" value={userId} />
        <button disabled={pending} aria-label={`Remove ${username}`} className={`${button} py-0.5`}>
          Remove
        </button>
        <Message state={state} />
      </form>
      {dialog}
    </>
  );
}
