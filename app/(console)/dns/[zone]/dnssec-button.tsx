"use client";
import { useActionState } from "react";
import { enableDnssecAction } from "../actions";
import type { ActionState } from "@/components/action-state";
import { FormMessage } from "../form-message";

export function EnableDnssec({ zone }: { zone: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(enableDnssecAction, {});
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="zone" value={zone} />
      <button disabled={pending} className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">
        Enable DNSSEC
      </button>
      <FormMessage state={state} />
    </form>
  );
}
