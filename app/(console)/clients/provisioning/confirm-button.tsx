"use client";
import { useState } from "react";

const button = "rounded-md border border-slate-300 px-3 py-1 text-sm dark:border-slate-700";

/** A button that asks first, inline (no browser dialog): Confirm runs the action, Cancel closes. */
export function ConfirmButton({
  label,
  question,
  onConfirm,
  danger = false,
}: {
  label: string;
  question: string;
  onConfirm: () => Promise<void>;
  danger?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const tone = danger ? "text-red-700 dark:text-red-400" : "";
  if (!asking)
    return (
      <button type="button" onClick={() => setAsking(true)} className={`${button} ${tone}`}>
        {label}
      </button>
    );
  return (
    <div
      role="alertdialog"
      aria-label={label}
      className="w-full space-y-2 rounded-md border border-slate-300 p-2 dark:border-slate-700"
    >
      <p className="text-sm">{question}</p>
      <div className="flex gap-2">
        <button
          type="button"
          disabled={busy}
          className={`${button} ${tone}`}
          onClick={async () => {
            setBusy(true);
            try {
              await onConfirm();
            } finally {
              setBusy(false);
              setAsking(false);
            }
          }}
        >
          Confirm: {label.toLowerCase()}
        </button>
        <button type="button" onClick={() => setAsking(false)} className={button}>
          Cancel
        </button>
      </div>
    </div>
  );
}
