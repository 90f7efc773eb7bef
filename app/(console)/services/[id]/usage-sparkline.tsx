"use client";
import { useEffect, useState } from "react";
import { formatBytes } from "../format";
import { graphqlFetch } from "../graphql-fetch";

// Live CPU and memory of one service. The numbers come from the stats sampler's cache (a 5 s
// background sample, never a Docker stats call on the request path), read with a short query at
// the sampler's own pace: a poll holds no connection, so the page keeps its two live streams
// (status, logs) within the browser's ~6 connections per origin.
const POLL_MS = 5000;
const POINTS = 60; // five minutes of history

type Usage = { cpuPercent: number; memoryUsage: number; memoryLimit: number; sampledAt: string | null };
type Sample = { at: string; cpu: number; memory: number; limit: number };

function Line({ values, max, label, testId }: { values: number[]; max: number; label: string; testId: string }) {
  const w = 120,
    h = 32;
  const step = w / (POINTS - 1);
  const start = w - (values.length - 1) * step;
  const y = (v: number) => h - 1 - (max > 0 ? (Math.min(v, max) / max) * (h - 2) : 0);
  // One sample is drawn as a short flat line so it shows at all.
  const pts =
    values.length === 1
      ? [`${w - step},${y(values[0]!)}`, `${w},${y(values[0]!)}`]
      : values.map((v, i) => `${start + i * step},${y(v)}`);
  return (
    <svg
      viewBox={`0 0 ${w} ${h}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      data-testid={testId}
      className="h-8 w-full max-w-xs rounded bg-slate-100 text-sky-600 dark:bg-slate-900 dark:text-sky-400"
    >
      {values.length > 0 && (
        <polyline
          points={pts.join(" ")}
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
          vectorEffect="non-scaling-stroke"
        />
      )}
    </svg>
  );
}

export function UsageSparkline({
  serviceId,
  running,
  initial,
}: {
  serviceId: string;
  running: boolean;
  initial: Usage;
}) {
  const [samples, setSamples] = useState<Sample[]>(() =>
    initial.sampledAt
      ? [{ at: initial.sampledAt, cpu: initial.cpuPercent, memory: initial.memoryUsage, limit: initial.memoryLimit }]
      : [],
  );
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!running) return;
    const abort = new AbortController();
    const poll = async () => {
      try {
        const d = await graphqlFetch<{ service: { resourceUsage: Usage } | null }>(
          "query($id: ID!) { service(id: $id) { resourceUsage { cpuPercent memoryUsage memoryLimit sampledAt } } }",
          { id: serviceId },
          abort.signal,
        );
        const u = d.service?.resourceUsage;
        setProblem(null);
        if (!u?.sampledAt) return;
        // The same sample read twice (polls and samples drift) is one point.
        setSamples((prev) =>
          prev.at(-1)?.at === u.sampledAt
            ? prev
            : [
                ...prev.slice(-(POINTS - 1)),
                { at: u.sampledAt!, cpu: u.cpuPercent, memory: u.memoryUsage, limit: u.memoryLimit },
              ],
        );
      } catch (err) {
        if (!abort.signal.aborted) setProblem((err as Error).message);
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => (abort.abort(), clearInterval(timer));
  }, [serviceId, running]);

  if (!running)
    return (
      <p className="text-sm text-slate-500" data-testid="usage-idle">
        Not running: no live usage.
      </p>
    );
  const last = samples.at(-1);
  const cpuMax = Math.max(100, ...samples.map((s) => s.cpu));
  return (
    <section className="grid gap-3 sm:grid-cols-2" aria-label="Live usage">
      <div className="space-y-1">
        <p className="text-sm">
          <span className="text-slate-500">CPU</span>{" "}
          <span data-testid="usage-cpu">{last ? `${last.cpu.toFixed(1)} %` : "sampling…"}</span>
        </p>
        <Line
          values={samples.map((s) => s.cpu)}
          max={cpuMax}
          label="CPU over the last minutes"
          testId="sparkline-cpu"
        />
      </div>
      <div className="space-y-1">
        <p className="text-sm">
          <span className="text-slate-500">Memory</span>{" "}
          <span data-testid="usage-memory">
            {last ? `${formatBytes(last.memory)} of ${formatBytes(last.limit)}` : "sampling…"}
          </span>
        </p>
        <Line
          values={samples.map((s) => s.memory)}
          max={Math.max(1, ...samples.map((s) => s.memory)) * 1.25}
          label="Memory over the last minutes"
          testId="sparkline-memory"
        />
      </div>
      {problem && (
        <p role="alert" className="text-sm text-red-600 sm:col-span-2">
          {problem}
        </p>
      )}
    </section>
  );
}
