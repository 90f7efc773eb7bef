"use client";
import { useActionState } from "react";
import { deleteRecordsAction } from "../actions";
import type { ActionState } from "@/components/action-state";
import { FormMessage } from "../form-message";

export const BULK_FORM_ID = "dns-bulk-delete";

/** Deletes the records ticked in the table (their checkboxes carry form={BULK_FORM_ID}): all or none. */
export function BulkDelete({ zone }: { zone: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(deleteRecordsAction, {});
  return (
    <form
      id={BULK_FORM_ID}
      action={action}
      className="flex items-center gap-2"
      onSubmit={(e) => {
        const n = new FormData(e.currentTarget).getAll("ids").length;
        if (n > 0 && !confirm(`Delete ${n} records?`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="zone" value={zone} />
      <button disabled={pending} className="rounded-md border border-slate-300 px-3 py-1 text-sm dark:border-slate-700">
        Delete selected
      </button>
      <FormMessage state={state} />
    </form>
  );
}
