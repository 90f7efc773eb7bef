import "server-only";
import type { Actor } from "../auth/actor";
import { executeScript, type ScriptResult } from "./execute-script";

// The live view of a script run: its output as it arrives, then the result. The run is the same
// executeScript call (manifest allowlist, permission checks, schema validation, no shell,
// timeout, caps, one audit row), only with a listener attached. A viewer who goes away does not
// stop the script: it runs to its end or its timeout and is audited either way, as a mutation
// would be.

export type ScriptEvent = { stream: "STDOUT" | "STDERR"; text: string; result?: never } | { result: ScriptResult; stream?: never; text?: never };

export async function* streamScript({ actor, name, args, signal }: { actor: Actor; name: string; args?: string[] | null; signal?: AbortSignal }): AsyncGenerator<ScriptEvent> {
  // Output is capped per stream (256 KiB), so this queue is bounded too.
  const queue: ScriptEvent[] = [];
  let wake: (() => void) | null = null;
  let settled = false;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const run = executeScript({
    actor, name, args,
    onOutput: (stream, text) => {
      queue.push({ stream: stream === "stderr" ? "STDERR" : "STDOUT", text });
      notify();
    },
  }).finally(() => {
    settled = true;
    notify();
  });
  run.catch(() => undefined); // awaited below; this only keeps an early refusal from being "unhandled"
  while (!signal?.aborted) {
    if (queue.length) {
      yield queue.shift()!;
      continue;
    }
    if (settled) break;
    await new Promise<void>((r) => (wake = r));
  }
  const result = await run;
  if (!signal?.aborted) yield { result };
}
