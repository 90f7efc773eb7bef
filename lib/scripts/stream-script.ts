import "server-only";
import { can, type Actor } from "../auth/actor";
import { whileAllowed } from "../auth/request/stream-rights";
import { AppError } from "../errors";
import { BoundedQueue } from "../events/bounded-queue";
import { executeScript, type ScriptResult } from "./execute-script";

// The live view of a script run: its output as it arrives, then the result. The run is the same
// executeScript call (manifest allowlist, permission checks, schema validation, no shell,
// timeout, caps, one audit row), only with a listener attached. A viewer who goes away does not
// stop the script: it runs to its end or its timeout and is audited either way, as a mutation
// would be.

export type ScriptEvent =
  | { stream: "STDOUT" | "STDERR"; text: string; result?: never }
  | { result: ScriptResult; stream?: never; text?: never };

/** Output chunks a viewer may have waiting before it is dropped (the script itself goes on). */
const MAX_PENDING_CHUNKS = 10_000;

export async function* streamScript({
  actor,
  name,
  args,
  signal,
}: {
  actor: Actor;
  name: string;
  args?: string[] | null;
  signal?: AbortSignal;
}): AsyncGenerator<ScriptEvent> {
  // The viewer's script:execute is re-checked while the script runs (lib/auth/request/stream-rights.ts).
  yield* whileAllowed({
    actor,
    signal,
    allowed: (a) => can(a, "script:execute"),
    open: (live) => runAndFollow(actor, name, args, live.signal),
  });
}

async function* runAndFollow(
  actor: Actor,
  name: string,
  args: string[] | null | undefined,
  signal: AbortSignal,
): AsyncGenerator<ScriptEvent> {
  const queue = new BoundedQueue<ScriptEvent>(
    MAX_PENDING_CHUNKS,
    () =>
      new AppError(
        "RATE_LIMITED",
        "Script output dropped: the client reads more slowly than the script writes; the script goes on",
      ),
  );
  const run = executeScript({
    actor,
    name,
    args,
    onOutput: (stream, text) => void queue.push({ stream: stream === "stderr" ? "STDERR" : "STDOUT", text }),
  }).finally(() => queue.end());
  run.catch(() => undefined); // awaited below; this only keeps an early refusal from being "unhandled"
  const onAbort = () => queue.stop();
  signal.addEventListener("abort", onAbort);
  try {
    yield* queue;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  if (signal.aborted) return;
  yield { result: await run };
}
