"use client";
import { useActionState } from "react";
import { importZoneAction } from "../actions";
import type { ActionState } from "@/components/action-state";
import { FormMessage } from "../form-message";

/** Paste a zone file; all records are imported or none (the error names the line). */
export function ImportForm({ zone }: { zone: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(importZoneAction, {});
  return (
    <form action={action} className="space-y-2" aria-label="Import zone file">
      <input type="hidden" name="zone" value={zone} />
      <label htmlFor="dns-import" className="block text-sm">
        Zone file (RFC 1035)
      </label>
      <textarea
        id="dns-import"
        name="file"
        rows={6}
        required
        defaultValue={state.values?.file}
        placeholder={"www 300 IN A 192.0.2.10\n@ IN MX 10 mail.example.net."}
        className="w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"
      />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="replace" /> Replace: remove records the file does not hold
      </label>
      <button disabled={pending} className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">
        Import
      </button>
      <FormMessage state={state} />
    </form>
  );
}
