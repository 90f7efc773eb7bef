import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { logLines, type LogLine } from "@/lib/docker/log-follow";

// Docker's multiplexed log frames: 1 byte stream (1 stdout, 2 stderr), 3 zero bytes, uint32 size.
const frame = (stream: 1 | 2, text: string) => {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
};

async function collect(gen: AsyncGenerator<LogLine>) {
  const out: LogLine[] = [];
  for await (const l of gen) out.push(l);
  return out;
}

describe("following a container log", () => {
  it("splits frames into lines per stream, joins lines split across frames and chunks, reads timestamps", async () => {
    const src = new PassThrough();
    const lines = collect(logLines(src, { tty: false }));
    const all = Buffer.concat([
      frame(1, "2026-11-25T10:00:00.123456789Z hello\n2026-11-25T10:00:01Z wor"),
      frame(2, "2026-11-25T10:00:02Z boom\n"),
      frame(1, "ld\n"),
      frame(1, "no newline at the end"),
    ]);
    src.write(all.subarray(0, 13)); // a frame header and body split across chunks
    src.write(all.subarray(13));
    src.end();
    const out = await lines;
    expect(out.map((l) => [l.stream, l.message])).toEqual([
      ["stdout", "hello"],
      ["stderr", "boom"],
      ["stdout", "world"],
      ["stdout", "no newline at the end"],
    ]);
    expect(out[0]!.timestamp?.toISOString()).toBe("2026-11-25T10:00:00.123Z");
    expect(out[3]!.timestamp).toBeNull();
  });

  it("a TTY container's raw output is stdout", async () => {
    const src = new PassThrough();
    const lines = collect(logLines(src, { tty: true }));
    src.end("a\r\nb\n");
    expect((await lines).map((l) => `${l.stream}:${l.message}`)).toEqual(["stdout:a", "stdout:b"]);
  });

  it("drops a consumer that falls behind instead of buffering without bound", async () => {
    const src = new PassThrough();
    const gen = logLines(src, { tty: false, maxQueued: 50 });
    const first = gen.next(); // the consumer starts, then stalls
    src.write(frame(1, "line\n"));
    expect((await first).value).toMatchObject({ message: "line" });
    for (let i = 0; i < 60; i++) src.write(frame(1, `spam ${i}\n`));
    await new Promise((r) => setTimeout(r, 10));
    await expect(gen.next()).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(src.destroyed).toBe(true);
  });

  it("ends when the subscriber goes away", async () => {
    const src = new PassThrough();
    const abort = new AbortController();
    const lines = collect(logLines(src, { tty: false, signal: abort.signal }));
    src.write(frame(1, "one\n"));
    await new Promise((r) => setTimeout(r, 10));
    abort.abort();
    expect((await lines).map((l) => l.message)).toEqual(["one"]);
    expect(src.destroyed).toBe(true);
  });
});
