"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useStepUp } from "@/components/step-up-dialog";
import { serviceControlAction } from "./actions";

/** Start/stop/restart buttons, each confirmed first; the page re-renders with the new state.
 *  On a platform container (a SUPER_ADMIN's only) the step-up dialog asks once, then it runs. */
export function ServiceActions({
  id,
  name,
  allowed,
}: {
  id: string;
  name: string;
  allowed: ("start" | "stop" | "restart")[];
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const { withStepUp, dialog } = useStepUp();
  if (allowed.length === 0) return null;
  const run = (action: string) => {
    if (!window.confirm(`${action[0]!.toUpperCase()}${action.slice(1)} ${name}?`)) return;
    start(async () => {
      const r = await withStepUp(() => serviceControlAction(id, action));
      setMessage(r.error ?? `Now ${r.status}`);
      router.refresh();
    });
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      {dialog}
      {allowed.map((a) => (
        <button
          key={a}
          disabled={pending}
          onClick={() => run(a)}
          data-testid={`service-${a}`}
          className="rounded-md border border-slate-300 px-3 py-1 capitalize disabled:opacity-50 dark:border-slate-700"
        >
          {a}
        </button>
      ))}
      {message && (
        <span role="status" className="text-sm">
          {message}
        </span>
      )}
    </div>
  );
}
