import "server-only";
import { docker, type ContainerRef } from "./connection";
import { viaDocker } from "./errors";
import { FrameDecoder } from "./frames";

// One-shot commands in a container: an argv array handed to the engine as is (no shell in
// between, so nothing in an argument is interpreted), stdout and stderr each capped, and a
// deadline. Docker has no API to kill an exec'd process: at the deadline we stop waiting and
// say so; the process may finish on its own inside the container.

export type ExecOutcome = {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  truncated: boolean;
};

export async function execInContainer(
  ref: ContainerRef,
  argv: string[],
  opts: { timeoutMs: number; maxBytes: number },
): Promise<ExecOutcome> {
  const started = Date.now();
  const exec = await viaDocker("exec", () =>
    docker(ref.host)
      .getContainer(ref.containerId)
      .exec({ Cmd: argv, AttachStdout: true, AttachStderr: true, AttachStdin: false, Tty: false }),
  );
  const stream = await viaDocker("exec", () => exec.start({ hijack: true, stdin: false }));
  const out = { stdout: [] as Buffer[], stderr: [] as Buffer[], bytes: { stdout: 0, stderr: 0 } };
  let truncated = false;
  const frames = new FrameDecoder();
  const take = (which: "stdout" | "stderr", body: Buffer) => {
    const room = opts.maxBytes - out.bytes[which];
    if (body.length > room) truncated = true;
    const kept = body.subarray(0, Math.max(0, room));
    out[which].push(kept);
    out.bytes[which] += kept.length;
  };
  const finished = new Promise<"done" | "timeout">((resolve, reject) => {
    const timer = setTimeout(() => resolve("timeout"), opts.timeoutMs);
    stream.on("data", (chunk: Buffer) => {
      for (const f of frames.push(chunk)) take(f.stream, f.payload);
      // Past both caps there is nothing more to keep: stop reading.
      if (out.bytes.stdout >= opts.maxBytes && out.bytes.stderr >= opts.maxBytes)
        (stream as unknown as { destroy: () => void }).destroy();
    });
    const done = () => (clearTimeout(timer), resolve("done"));
    stream.once("end", done);
    stream.once("close", done);
    stream.once("error", (err: Error) => (clearTimeout(timer), reject(err)));
  });
  const how = await finished;
  if (how === "timeout") (stream as unknown as { destroy: () => void }).destroy();
  const info = await viaDocker("exec", () => exec.inspect());
  return {
    exitCode: how === "timeout" || info.Running ? null : (info.ExitCode ?? null),
    stdout: Buffer.concat(out.stdout).toString("utf8"),
    stderr: Buffer.concat(out.stderr).toString("utf8"),
    durationMs: Date.now() - started,
    timedOut: how === "timeout",
    truncated,
  };
}
