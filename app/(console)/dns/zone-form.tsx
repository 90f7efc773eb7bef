"use client";
import { useActionState } from "react";
import { createZoneAction } from "./actions";
import type { ActionState } from "@/components/action-state";
import { FormMessage } from "./form-message";

const input = "rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";

export function ZoneForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(createZoneAction, {});
  return (
    <form action={action} className="flex flex-wrap items-end gap-2" aria-label="Create zone">
      <label className="flex flex-col text-sm">
        Zone name
        <input name="name" defaultValue={state.values?.name} required placeholder="example.com" className={input} />
      </label>
      <label className="flex flex-col text-sm">
        Name servers
        <input
          name="nameservers"
          defaultValue={state.values?.nameservers}
          required
          placeholder="ns1.example.net ns2.example.net"
          className={input}
        />
      </label>
      <button disabled={pending} className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">
        Create zone
      </button>
      <div className="basis-full">
        <FormMessage state={state} />
      </div>
    </form>
  );
}
