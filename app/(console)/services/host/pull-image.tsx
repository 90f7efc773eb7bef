"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { subscribeSse } from "../graphql-sse";
import { button } from "./host-controls";

type Progress = { status: string; layer: string | null; current: number | null; total: number | null };

/** Pulls an image, showing the engine's progress as it streams (one line per layer, updated in
 *  place). A failed pull shows the engine's reason; it is never retried by itself. */
export function PullImage() {
  const router = useRouter();
  const [reference, setReference] = useState("");
  const [layers, setLayers] = useState<Map<string, Progress>>(new Map());
  const [state, setState] = useState<{ running?: boolean; done?: string; error?: string }>({});
  const abort = useRef<AbortController | null>(null);
  const pull = (e: React.FormEvent) => {
    e.preventDefault();
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setLayers(new Map());
    setState({ running: true });
    let last = "";
    subscribeSse<{ pullImage: Progress }>(
      "subscription($r: String!) { pullImage(reference: $r) { status layer current total } }",
      () => ({ r: reference.trim() }),
      ({ pullImage: p }) => {
        last = p.status;
        setLayers((m) => new Map(m).set(p.layer ?? p.status, p));
      },
      controller.signal,
      (message) => {
        controller.abort(); // a pull that failed is reported, not started again
        setState({ error: message });
      },
      { reconnect: false },
    ).then(() => {
      if (controller.signal.aborted) return;
      setState({ done: last || "Pulled" });
      router.refresh();
    });
  };
  const pct = (p: Progress) => (p.current != null && p.total ? ` ${Math.round((p.current / p.total) * 100)} %` : "");
  return (
    <div className="space-y-1">
      <form onSubmit={pull} aria-label="Pull image" className="flex flex-wrap items-center gap-2">
        <input
          value={reference}
          onChange={(e) => setReference(e.target.value)}
          required
          aria-label="Image reference"
          placeholder="image, e.g. nginx:1.27"
          className="min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-sm dark:border-slate-700 dark:bg-slate-900"
        />
        <button className={button} disabled={state.running}>
          {state.running ? "Pulling…" : "Pull"}
        </button>
      </form>
      {layers.size > 0 && (
        <ul data-testid="pull-progress" className="font-mono text-xs">
          {[...layers.entries()].map(([k, p]) => (
            <li key={k} className="break-all">
              {p.layer ? `${p.layer}: ` : ""}
              {p.status}
              {pct(p)}
            </li>
          ))}
        </ul>
      )}
      {state.done && (
        <p role="status" data-testid="pull-outcome" className="text-sm">
          {state.done}
        </p>
      )}
      {state.error && (
        <p role="alert" data-testid="pull-outcome" className="text-sm text-red-700 dark:text-red-400">
          Pull failed: {state.error}
        </p>
      )}
    </div>
  );
}
