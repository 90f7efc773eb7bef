"use client";
import { useActionState } from "react";
import type { ScriptInfo } from "@/lib/scripts/execute-script";
import { runScriptAction, type ScriptFormState } from "./actions";

const input = "rounded-md border border-slate-300 bg-white px-2 py-1 font-mono dark:border-slate-700 dark:bg-slate-900";

/** A form generated from the script's argument schema, and the last run's result. */
export function ScriptForm({ script }: { script: ScriptInfo }) {
  const [state, action, pending] = useActionState<ScriptFormState, FormData>(runScriptAction.bind(null, script.name), {});
  const r = state.result;
  return (
    <form action={action} className="space-y-2" aria-label={`Run ${script.name}`}>
      <div className="flex flex-wrap items-end gap-2">
        {script.args.map((a) => {
          const name = `arg:${a.name}`;
          const invalid = state.field === a.name;
          const label = `${a.name}${a.required ? "" : " (optional)"}`;
          return (
            <label key={a.name} className="flex flex-col text-sm" title={a.description}>
              {label}
              {a.type === "enum" ? (
                <select name={name} defaultValue={state.values?.[a.name] ?? ""} required={a.required} aria-invalid={invalid} className={input}>
                  {!a.required && <option value="">—</option>}
                  {a.enum?.map((v) => <option key={v} value={v}>{v}</option>)}
                </select>
              ) : (
                <input
                  name={name} defaultValue={state.values?.[a.name]} required={a.required} aria-invalid={invalid}
                  inputMode={a.type === "integer" ? "numeric" : undefined} placeholder={a.description ?? a.pattern}
                  className={`${input} ${invalid ? "border-red-600" : ""}`}
                />
              )}
            </label>
          );
        })}
        <button disabled={pending} className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">
          {pending ? "Running…" : "Run"}
        </button>
      </div>
      {state.error && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{state.error}</p>}
      {r && (
        <div className="space-y-1 text-sm" data-testid={`result-${script.name}`}>
          <p>
            Exit code <strong>{r.exitCode ?? "—"}</strong> · {r.durationMs} ms
            {r.timedOut && <span className="text-red-700 dark:text-red-400"> · stopped at the timeout</span>}
            {r.truncated && <span> · output cut at 256 KiB</span>}
          </p>
          <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 dark:bg-slate-900" aria-label="stdout">{r.stdout || "(no output)"}</pre>
          {r.stderr && <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-red-50 p-2 text-red-900 dark:bg-red-950 dark:text-red-200" aria-label="stderr">{r.stderr}</pre>}
        </div>
      )}
    </form>
  );
}
