"use client";
import { useActionState, useState } from "react";
import { updateRecordAction } from "../actions";
import type { ActionState } from "@/components/action-state";
import { FormMessage } from "../form-message";

type Editable = {
  id: string;
  type: string;
  value: string;
  ttl: number;
  priority: number | null;
  weight: number | null;
  port: number | null;
};
const input = "rounded-md border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-700 dark:bg-slate-900";

/** Inline edit of a record's value, TTL and (per type) priority/weight/port. */
export function EditRecord({ record, zone }: { record: Editable; zone: string }) {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState<ActionState, FormData>(updateRecordAction, {});
  if (!open)
    return (
      <button className="text-sm underline" onClick={() => setOpen(true)}>
        Edit
      </button>
    );
  const v = (k: keyof Editable) => state.values?.[k] ?? String(record[k] ?? "");
  const numberField = (k: "priority" | "weight" | "port") => (
    <input
      name={k}
      type="number"
      min={0}
      max={65535}
      required
      defaultValue={v(k)}
      aria-label={k[0]!.toUpperCase() + k.slice(1)}
      className={`${input} w-20`}
    />
  );
  return (
    <form action={action} className="flex flex-wrap items-center gap-1" aria-label={`Edit ${record.type} record`}>
      <input type="hidden" name="id" value={record.id} />
      <input type="hidden" name="zone" value={zone} />
      {(record.type === "MX" || record.type === "SRV") && numberField("priority")}
      {record.type === "SRV" && numberField("weight")}
      {record.type === "SRV" && numberField("port")}
      <input name="value" required defaultValue={v("value")} aria-label="New value" className={`${input} w-48`} />
      <input
        name="ttl"
        type="number"
        min={30}
        max={604800}
        defaultValue={v("ttl")}
        aria-label="New TTL"
        className={`${input} w-20`}
      />
      <button disabled={pending} className="text-sm underline">
        Save
      </button>
      <button type="button" className="text-sm underline" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <FormMessage state={state} />
    </form>
  );
}
