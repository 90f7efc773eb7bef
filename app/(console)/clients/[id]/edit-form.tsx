"use client";
import { useActionState } from "react";
import { updateClientAction } from "./actions";
import type { ActionState } from "@/components/action-state";

const field = "rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700";
const input = `${field} bg-white dark:bg-slate-900`;
const readOnlyInput = `${field} bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300`;
const button = "rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700";

/**
 * Name and domain of a client. The domain decides which DNS names belong to the client
 * (docs/decisions/025-zone-ownership-and-domain-hierarchy.md): only an operator changes it, and
 * only while the client has no DNS zones and no services; everyone else sees it read-only, with
 * why. The domain layer checks all of it again.
 */
export function EditClientForm({
  id,
  name,
  domain,
  canChangeDomain,
  domainLocked,
}: {
  id: string;
  name: string;
  domain: string;
  canChangeDomain: boolean;
  /** why the domain cannot change now (zones or services), for an operator */
  domainLocked: string | null;
}) {
  const [state, action, pending] = useActionState<ActionState, FormData>(updateClientAction, {});
  const editable = canChangeDomain && !domainLocked;
  const why = !canChangeDomain
    ? "Only an operator (SUPER_ADMIN) can change a client's domain: it decides which DNS zones belong to this client."
    : domainLocked
      ? `The domain cannot change while the client has ${domainLocked}: remove them first.`
      : "A domain may not equal, lie inside or contain another client's domain.";
  return (
    <form action={action} className="flex flex-wrap items-start gap-2" aria-label="Edit client">
      <input type="hidden" name="id" value={id} />
      <label className="flex flex-col text-sm">
        Name
        <input name="name" defaultValue={name} required maxLength={255} className={input} />
      </label>
      <label className="flex flex-col text-sm">
        Domain
        {/* Read-only, not disabled: it stays readable and focusable; the unchanged value is no change. */}
        <input
          name="domain"
          defaultValue={domain}
          readOnly={!editable}
          aria-readonly={!editable}
          aria-describedby="client-domain-why"
          className={editable ? input : readOnlyInput}
          data-testid="client-domain-input"
        />
        <span id="client-domain-why" className="max-w-prose text-xs text-slate-500">
          {why}
        </span>
      </label>
      <button disabled={pending} className={`${button} self-center`}>
        Save
      </button>
      <div className="basis-full">
        {state.error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {state.error}
          </p>
        )}
        {state.ok && (
          <p role="status" className="text-sm text-green-700 dark:text-green-400">
            {state.ok}
          </p>
        )}
      </div>
    </form>
  );
}
