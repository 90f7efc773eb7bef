"use client";
import { useActionState } from "react";
import { createClientAction } from "./actions";
import type { ActionState } from "@/components/action-state";

const input = "rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";

export function NewClientForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(createClientAction, {});
  return (
    <details className="rounded-md border border-slate-200 p-3 dark:border-slate-800" open={Boolean(state.error)}>
      <summary className="cursor-pointer font-medium">Add a client without services</summary>
      <form action={action} className="mt-2 flex flex-wrap items-end gap-2" aria-label="New client">
        <label className="flex flex-col text-sm">
          Name
          <input name="name" required maxLength={255} defaultValue={state.values?.name} className={input} />
        </label>
        <label className="flex flex-col text-sm">
          Domain
          <input
            name="domain"
            required
            placeholder="customer.example.com"
            defaultValue={state.values?.domain}
            className={input}
          />
        </label>
        <label className="flex flex-col text-sm">
          Plan
          <input name="plan" placeholder="optional" defaultValue={state.values?.plan} className={input} />
        </label>
        <label className="flex flex-col text-sm">
          Price
          <input
            name="price"
            type="number"
            min="0"
            step="0.01"
            defaultValue={state.values?.price}
            className={`${input} w-28`}
          />
        </label>
        <label className="flex flex-col text-sm">
          Currency
          <input
            name="currency"
            placeholder="EUR"
            maxLength={3}
            defaultValue={state.values?.currency}
            className={`${input} w-20`}
          />
        </label>
        <button disabled={pending} className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">
          Create client
        </button>
      </form>
      {state.error && (
        <p role="alert" data-testid="client-error" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {state.error}
        </p>
      )}
      {state.ok && (
        <p role="status" className="mt-2 text-sm text-green-700 dark:text-green-400">
          {state.ok}
        </p>
      )}
    </details>
  );
}
