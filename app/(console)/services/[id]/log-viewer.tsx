"use client";
import { useEffect, useMemo, useState } from "react";
import { subscribeSse } from "../graphql-sse";
import { AnsiText, stripAnsi } from "./ansi-text";

type Entry = { stream: "STDOUT" | "STDERR"; message: string; timestamp: string | null };
const MAX_LINES = 2000;

/** Follows the service log: pause keeps the stream but freezes the view; search filters lines;
 *  download saves what is shown. */
export function LogViewer({ serviceId, name }: { serviceId: string; name: string }) {
  const [lines, setLines] = useState<Entry[]>([]);
  // Paused = a frozen copy of the lines is shown while new ones keep arriving.
  const [frozen, setFrozen] = useState<Entry[] | null>(null);
  const paused = frozen !== null;
  const [query, setQuery] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    // After a reconnect, continue from the last line seen (Docker's `since` is whole seconds,
    // so lines of that second already shown are skipped here).
    let last: string | null = null;
    let resumeFrom: string | null = null;
    subscribeSse<{ logStream: Entry }>(
      "subscription($id: ID!, $since: DateTime, $tail: Int) { logStream(serviceId: $id, since: $since, tail: $tail) { stream message timestamp } }",
      () => {
        resumeFrom = last;
        return last ? { id: serviceId, since: last, tail: 1000 } : { id: serviceId, tail: 100 };
      },
      (d) => {
        const ts = d.logStream.timestamp;
        if (resumeFrom && ts && ts <= resumeFrom) return;
        resumeFrom = null;
        if (ts) last = ts;
        setLines((prev) => [...prev.slice(-(MAX_LINES - 1)), d.logStream]);
      },
      abort.signal,
      setProblem,
    );
    return () => abort.abort();
  }, [serviceId]);
  const shown = useMemo(() => {
    const source = frozen ?? lines;
    const q = query.toLowerCase();
    return q ? source.filter((l) => stripAnsi(l.message).toLowerCase().includes(q)) : source;
  }, [lines, frozen, query]);
  const download = () => {
    const text = shown
      .map((l) => `${l.timestamp ?? ""} ${l.stream === "STDERR" ? "[stderr] " : ""}${stripAnsi(l.message)}`)
      .join("\n");
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    a.download = `${name}-logs.txt`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <section className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-lg font-semibold">Logs</h2>
        <button
          className="rounded-md border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-700"
          data-testid="logs-pause"
          onClick={() => setFrozen(paused ? null : lines)}
        >
          {paused ? "Follow" : "Pause"}
        </button>
        <input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Search logs"
          aria-label="Search logs"
          className="rounded-md border border-slate-300 bg-white px-2 py-0.5 text-sm dark:border-slate-700 dark:bg-slate-900"
        />
        <button
          className="rounded-md border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-700"
          onClick={download}
        >
          Download
        </button>
      </div>
      {problem && (
        <p role="alert" className="text-sm text-red-600">
          {problem}
        </p>
      )}
      <pre
        data-testid="service-logs"
        className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-100 p-2 text-xs dark:bg-slate-900"
      >
        {shown.length === 0
          ? "No output yet."
          : shown.map((l, i) => (
              <span key={i} className={l.stream === "STDERR" ? "text-red-600 dark:text-red-400" : undefined}>
                <AnsiText text={l.message} />
                {"\n"}
              </span>
            ))}
      </pre>
    </section>
  );
}
