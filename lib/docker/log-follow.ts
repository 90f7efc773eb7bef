import "server-only";
import { AppError } from "../errors";
import { BoundedQueue } from "../events/bounded-queue";
import { docker, type ContainerRef } from "./connection";
import { viaDocker } from "./errors";
import { FrameDecoder } from "./frames";

// Following a container's log. Lines keep which stream they came from; a consumer that reads
// slower than the container writes is dropped (RATE_LIMITED) once MAX_QUEUED lines wait, so a
// stalled browser never makes the server buffer without bound.

export type LogLine = { stream: "stdout" | "stderr"; message: string; timestamp: Date | null };
export const MAX_QUEUED = 1000;
const MAX_LINE = 16 * 1024;

type Source = NodeJS.ReadableStream & { destroy?: () => void };

/** Lines of a Docker log stream (multiplexed frames unless `tty`), each "<RFC3339> text" when
 *  Docker adds timestamps. Ends when the stream ends or `signal` aborts. */
export async function* logLines(
  source: Source,
  opts: { tty: boolean; signal?: AbortSignal; maxQueued?: number },
): AsyncGenerator<LogLine> {
  const queue = new BoundedQueue<LogLine>(
    opts.maxQueued ?? MAX_QUEUED,
    () => new AppError("RATE_LIMITED", "Log stream dropped: the client reads more slowly than the service writes"),
  );
  const partial = { stdout: "", stderr: "" };
  const frames = new FrameDecoder();

  const push = (stream: "stdout" | "stderr", text: string) => {
    const lines = (partial[stream] + text).split("\n");
    partial[stream] = (lines.pop() ?? "").slice(-MAX_LINE);
    for (const raw of lines) {
      if (!queue.push(parseLine(stream, raw.replace(/\r$/, "").slice(0, MAX_LINE)))) return source.destroy?.();
    }
  };
  const onData = (chunk: Buffer) => {
    if (opts.tty) return push("stdout", chunk.toString("utf8"));
    for (const f of frames.push(chunk)) push(f.stream, f.payload.toString("utf8"));
  };
  const onEnd = () => {
    for (const s of ["stdout", "stderr"] as const) if (partial[s]) queue.push(parseLine(s, partial[s]));
    partial.stdout = partial.stderr = "";
    queue.end();
  };
  const onError = (err: Error) => queue.fail(err);
  const onAbort = () => {
    queue.stop();
    source.destroy?.();
  };
  source.on("data", onData);
  source.once("end", onEnd);
  source.once("close", onEnd);
  source.once("error", onError);
  opts.signal?.addEventListener("abort", onAbort);
  if (opts.signal?.aborted) onAbort();
  try {
    yield* queue;
  } finally {
    source.removeListener("data", onData);
    opts.signal?.removeEventListener("abort", onAbort);
    source.destroy?.();
  }
}

function parseLine(stream: "stdout" | "stderr", raw: string): LogLine {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z) ?/.exec(raw);
  if (!m) return { stream, message: raw, timestamp: null };
  return { stream, message: raw.slice(m[0].length), timestamp: new Date(m[1]!) };
}

/** Follows a container's stdout and stderr from `since` (or the last `tail` lines). */
export async function followContainerLogs(
  ref: ContainerRef,
  opts: { tty: boolean; since?: Date; tail: number; signal?: AbortSignal },
): Promise<AsyncGenerator<LogLine>> {
  const source = (await viaDocker("follow logs", () =>
    docker(ref.host)
      .getContainer(ref.containerId)
      .logs({
        follow: true,
        stdout: true,
        stderr: true,
        timestamps: true,
        tail: opts.tail,
        ...(opts.since ? { since: Math.floor(opts.since.getTime() / 1000) } : {}),
      }),
  )) as unknown as Source;
  return logLines(source, { tty: opts.tty, signal: opts.signal });
}
