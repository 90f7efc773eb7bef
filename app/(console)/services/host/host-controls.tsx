"use client";
import { useActionState, useState, useTransition } from "react";
import {
  createNetworkAction,
  createVolumeAction,
  pruneImagesAction,
  removeNetworkAction,
  removeVolumeAction,
} from "./actions";
import type { ActionState } from "@/components/action-state";

const field =
  "min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
export const button = "rounded-md border border-slate-300 px-3 py-1 text-sm disabled:opacity-50 dark:border-slate-700";

export function Outcome({ state, testId }: { state: ActionState; testId?: string }) {
  if (state.error)
    return (
      <p role="alert" data-testid={testId} className="text-sm text-red-700 dark:text-red-400">
        {state.error}
      </p>
    );
  if (state.ok)
    return (
      <p role="status" data-testid={testId} className="text-sm">
        {state.ok}
      </p>
    );
  return null;
}

/** Create a network or a volume by name (networks may be internal: no route out). */
export function CreateForm({ kind }: { kind: "network" | "volume" }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(
    kind === "network" ? createNetworkAction : createVolumeAction,
    {},
  );
  return (
    <form action={action} aria-label={`Create ${kind}`} className="space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <input name="name" required aria-label={`New ${kind} name`} placeholder={`${kind} name`} className={field} />
        {kind === "network" && (
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" name="internal" /> internal
          </label>
        )}
        <button className={button} disabled={pending}>
          Create {kind}
        </button>
      </div>
      <Outcome state={state} />
    </form>
  );
}

/** Removes a network or volume after a confirmation; one in use is refused by the domain and the
 *  refusal (naming the containers) is shown beside the row. */
export function RemoveButton({ kind, name }: { kind: "network" | "volume"; name: string }) {
  const [state, setState] = useState<ActionState>({});
  const [pending, start] = useTransition();
  const remove = () => {
    if (!window.confirm(`Remove ${kind} ${name}?`)) return;
    start(async () => setState(await (kind === "network" ? removeNetworkAction : removeVolumeAction)(name)));
  };
  return (
    <>
      <button
        type="button"
        className={button}
        disabled={pending}
        onClick={remove}
        aria-label={`Remove ${kind} ${name}`}
      >
        Remove
      </button>
      {state.error && (
        <span role="alert" className="basis-full text-sm text-red-700 dark:text-red-400">
          {state.error}
        </span>
      )}
    </>
  );
}

/** Removes dangling images after a confirmation. */
export function PruneButton() {
  const [state, setState] = useState<ActionState>({});
  const [pending, start] = useTransition();
  const prune = () => {
    if (!window.confirm("Remove every dangling (untagged, unused) image?")) return;
    start(async () => setState(await pruneImagesAction()));
  };
  return (
    <div className="space-y-1">
      <button type="button" className={button} disabled={pending} onClick={prune}>
        {pending ? "Pruning…" : "Prune dangling images"}
      </button>
      <Outcome state={state} testId="prune-outcome" />
    </div>
  );
}
