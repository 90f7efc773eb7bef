"use client";
import { useState, useTransition } from "react";
import { useStepUp } from "@/components/step-up-dialog";
import { execAction, type ExecState } from "./actions";

const field =
  "rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-sm dark:border-slate-700 dark:bg-slate-900";
const button = "rounded-md border border-slate-300 px-3 py-1 text-sm disabled:opacity-50 dark:border-slate-700";

/** Runs one command in the container: the argv is a list of fields, one argument each, handed to
 *  the engine as is (no shell: `;`, `$(…)` and quotes arrive literally). Shown only to the roles
 *  that may exec; the domain refuses everyone else anyway. Exec asks for a recent step-up: the
 *  dialog asks for a passkey or the password once, then the command runs. */
export function ExecPanel({ serviceId }: { serviceId: string }) {
  const [argv, setArgv] = useState<string[]>([""]);
  const [timeout, setTimeoutSeconds] = useState(30);
  const [state, setState] = useState<ExecState>({});
  const [pending, start] = useTransition();
  const { withStepUp, dialog } = useStepUp();
  const setArg = (i: number, v: string) => setArgv((a) => a.map((x, j) => (j === i ? v : x)));
  const run = (e: React.FormEvent) => {
    e.preventDefault();
    // Trailing empty fields are unfilled rows, not empty arguments.
    const command = [...argv];
    while (command.length > 1 && command.at(-1) === "") command.pop();
    start(async () => setState(await withStepUp(() => execAction(serviceId, command, timeout))));
  };
  const r = state.result;
  return (
    <section className="space-y-2" aria-labelledby="exec-heading">
      <h2 id="exec-heading" className="text-lg font-semibold">
        Run a command
      </h2>
      {dialog}
      <form onSubmit={run} aria-label="Run a command" className="space-y-2">
        <ol className="space-y-1">
          {argv.map((a, i) => (
            <li key={i} className="flex items-center gap-2">
              <input
                value={a}
                onChange={(e) => setArg(i, e.target.value)}
                aria-label={i === 0 ? "Program" : `Argument ${i}`}
                placeholder={i === 0 ? "program, e.g. ls" : `argument ${i}`}
                className={`${field} min-w-0 flex-1`}
                required={i === 0}
              />
              {argv.length > 1 && (
                <button
                  type="button"
                  className={button}
                  aria-label={`Remove ${i === 0 ? "program" : `argument ${i}`}`}
                  onClick={() => setArgv((x) => x.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ol>
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="button"
            className={button}
            onClick={() => setArgv((x) => [...x, ""])}
            disabled={argv.length >= 64}
          >
            Add argument
          </button>
          <label className="flex items-center gap-1 text-sm">
            Timeout (s)
            <input
              type="number"
              min={1}
              max={300}
              value={timeout}
              onChange={(e) => setTimeoutSeconds(Number(e.target.value))}
              className={`${field} w-20`}
            />
          </label>
          <button className={button} disabled={pending}>
            {pending ? "Running…" : "Run"}
          </button>
        </div>
      </form>
      {state.error && (
        <p role="alert" data-testid="exec-error" className="text-sm text-red-700 dark:text-red-400">
          {state.stepUp ? "Not run: it needs you to confirm it is you (passkey or password). " : ""}
          {state.error}
        </p>
      )}
      {r && (
        <div className="space-y-1 text-sm" data-testid="exec-result">
          <p>
            Exit code <strong data-testid="exec-exit-code">{r.exitCode ?? "—"}</strong> · {r.durationMs} ms
            {r.timedOut && <span className="text-red-700 dark:text-red-400"> · stopped waiting at the timeout</span>}
            {r.truncated && <span> · output cut at 64 KiB</span>}
          </p>
          <pre
            aria-label="stdout"
            data-testid="exec-stdout"
            className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 dark:bg-slate-900"
          >
            {r.stdout || "(no output)"}
          </pre>
          {r.stderr && (
            <pre
              aria-label="stderr"
              data-testid="exec-stderr"
              className="max-h-60 overflow-auto whitespace-pre-wrap break-all rounded bg-red-50 p-2 text-red-900 dark:bg-red-950 dark:text-red-200"
            >
              {r.stderr}
            </pre>
          )}
        </div>
      )}
    </section>
  );
}
