import type { ActionState } from "@/components/action-state";

/** The outcome of a DNS form, said plainly. */
export function FormMessage({ state }: { state: ActionState }) {
  if (state.error)
    return (
      <p role="alert" data-testid="dns-error" className="text-sm text-red-700 dark:text-red-400">
        {state.error}
      </p>
    );
  if (state.ok)
    return (
      <p role="status" className="text-sm text-green-700 dark:text-green-400">
        {state.ok}
      </p>
    );
  return null;
}
