import "server-only";
import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";

// Runs one program with an argv array and no shell (the semantics of execFile). spawn rather
// than execFile itself because execFile kills the child when maxBuffer is reached and buffers
// until then; here output is kept up to a cap (the rest counted and dropped) while the process
// runs to completion, and the timeout kills the whole process group, not just the script.

export const OUTPUT_CAP_BYTES = 256 * 1024;
export const TRUNCATED_MARKER = "\n[truncated]";
const KILL_GRACE_MS = 1000;

export type ScriptResult = {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  truncated: boolean;
};

class CappedBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly cap: number) {}
  /** Keeps what fits under the cap and returns it (empty once the cap is reached). */
  push(chunk: Buffer): Buffer {
    const room = this.cap - this.size;
    if (chunk.length > room) this.truncated = true;
    if (room <= 0) return Buffer.alloc(0);
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.chunks.push(kept);
    this.size += kept.length;
    return kept;
  }
  text() {
    return Buffer.concat(this.chunks).toString("utf8") + (this.truncated ? TRUNCATED_MARKER : "");
  }
}

export type OutputListener = (stream: "stdout" | "stderr", text: string) => void;

/** `onOutput` sees the output as it arrives (only what is kept under the cap, whole UTF-8
 *  characters), for a live view; the result still holds all of it. */
export function runProcess(
  file: string,
  argv: string[],
  opts: { cwd: string; timeoutMs: number; capBytes?: number; onOutput?: OutputListener },
): Promise<ScriptResult> {
  const started = performance.now();
  const out = new CappedBuffer(opts.capBytes ?? OUTPUT_CAP_BYTES);
  const err = new CappedBuffer(opts.capBytes ?? OUTPUT_CAP_BYTES);
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, {
      cwd: opts.cwd,
      shell: false,
      // A minimal environment: nothing of the console's own (database URL, secrets) leaks in.
      env: {
        PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        LANG: "C.UTF-8",
      } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so a timeout reaches the children the script started too.
      detached: true,
    });
    let timedOut = false;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // the group is already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup("SIGTERM");
      setTimeout(() => killGroup("SIGKILL"), KILL_GRACE_MS).unref();
    }, opts.timeoutMs);
    const live = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };
    const forward = (stream: "stdout" | "stderr", kept: Buffer) => {
      const text = kept.length ? live[stream].write(kept) : "";
      if (text && opts.onOutput) opts.onOutput(stream, text);
    };
    child.stdout.on("data", (c: Buffer) => forward("stdout", out.push(c)));
    child.stderr.on("data", (c: Buffer) => forward("stderr", err.push(c)));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      // A script that finished may leave background children: they go with it.
      killGroup("SIGKILL");
      resolve({
        exitCode: timedOut ? null : code,
        stdout: out.text(),
        stderr: err.text(),
        durationMs: Math.round(performance.now() - started),
        timedOut,
        truncated: out.truncated || err.truncated,
      });
    });
  });
}
