"use client";
import { useRef, useState } from "react";
import type { ScriptInfo, ScriptResult } from "@/lib/scripts/execute-script";
import { subscribeSse } from "../services/graphql-sse";

const input =
  "min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono dark:border-slate-700 dark:bg-slate-900";

type Chunk = { stream: "STDOUT" | "STDERR"; text: string };
type Event = {
  executeScriptStream: { stream: Chunk["stream"] | null; text: string | null; result: ScriptResult | null };
};
type RunState = { running?: boolean; result?: ScriptResult; error?: string; field?: string };

const RUN = `subscription($name: String!, $args: [String!]) {
  executeScriptStream(name: $name, args: $args) { stream text result { exitCode stdout stderr durationMs timedOut truncated } }
}`;

/** A form generated from the script's argument schema; the output shows while the script runs
 *  (one stream, ended by the result). Fields in schema order become the positional arguments;
 *  trailing empty optional fields are left out. The domain validates, runs and audits. */
export function ScriptForm({ script }: { script: ScriptInfo }) {
  const [chunks, setChunks] = useState<Chunk[]>([]);
  const [state, setState] = useState<RunState>({});
  const abort = useRef<AbortController | null>(null);
  const run = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const args = script.args.map((a) => String(form.get(`arg:${a.name}`) ?? ""));
    while (args.length > 0 && args.at(-1) === "" && !script.args[args.length - 1]!.required) args.pop();
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setChunks([]);
    setState({ running: true });
    void subscribeSse<Event>(
      RUN,
      () => ({ name: script.name, args }),
      ({ executeScriptStream: ev }) => {
        if (ev.result) setState({ result: ev.result });
        else if (ev.stream && ev.text) setChunks((c) => [...c, { stream: ev.stream!, text: ev.text! }]);
      },
      controller.signal,
      (message, err) => {
        controller.abort(); // a refused or broken run is reported, never started again by itself
        const field = Object.keys((err?.details?.fields as Record<string, string> | undefined) ?? {})[0];
        setState({ error: err?.code ? `${err.code}: ${message}` : message, field });
      },
      { reconnect: false },
    );
  };
  const r = state.result;
  return (
    <form onSubmit={run} className="space-y-2" aria-label={`Run ${script.name}`}>
      <div className="flex flex-wrap items-end gap-2">
        {script.args.map((a) => {
          const name = `arg:${a.name}`;
          const invalid = state.field === a.name;
          const label = `${a.name}${a.required ? "" : " (optional)"}`;
          return (
            <label key={a.name} className="flex min-w-0 flex-col text-sm" title={a.description}>
              {label}
              {a.type === "enum" ? (
                <select name={name} defaultValue="" required={a.required} aria-invalid={invalid} className={input}>
                  {!a.required && <option value="">—</option>}
                  {a.enum?.map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  name={name}
                  required={a.required}
                  aria-invalid={invalid}
                  type={a.type === "integer" ? "number" : "text"}
                  min={a.type === "integer" ? a.min : undefined}
                  max={a.type === "integer" ? a.max : undefined}
                  inputMode={a.type === "integer" ? "numeric" : undefined}
                  placeholder={a.description ?? a.pattern}
                  className={`${input} ${invalid ? "border-red-600" : ""}`}
                />
              )}
            </label>
          );
        })}
        <button disabled={state.running} className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">
          {state.running ? "Running…" : "Run"}
        </button>
      </div>
      {state.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.error}
        </p>
      )}
      {(state.running || r || chunks.length > 0) && (
        <div className="space-y-1 text-sm" data-testid={`result-${script.name}`}>
          <p role="status">
            {r ? (
              <>
                Exit code <strong>{r.exitCode ?? "—"}</strong> · {r.durationMs} ms
                {r.timedOut && <span className="text-red-700 dark:text-red-400"> · stopped at the timeout</span>}
                {r.truncated && <span> · output cut at 256 KiB</span>}
              </>
            ) : state.running ? (
              "Running…"
            ) : null}
          </p>
          <pre
            aria-label="output"
            aria-live="polite"
            data-testid={`output-${script.name}`}
            className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 dark:bg-slate-900"
          >
            {chunks.length === 0
              ? r
                ? "(no output)"
                : ""
              : chunks.map((c, i) => (
                  <span key={i} className={c.stream === "STDERR" ? "text-red-700 dark:text-red-400" : undefined}>
                    {c.text}
                  </span>
                ))}
          </pre>
        </div>
      )}
    </form>
  );
}
