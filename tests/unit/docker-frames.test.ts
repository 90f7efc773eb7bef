import { describe, expect, it } from "vitest";
import { decodeFrames, FrameDecoder } from "@/lib/docker/frames";

// Docker's multiplexed format, as the engine writes it for logs and exec without a TTY.
const frame = (stream: 1 | 2, text: string) => {
  const payload = Buffer.from(text, "utf8");
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};
const readable = (frames: { stream: string; payload: Buffer }[]) =>
  frames.map((f) => [f.stream, f.payload.toString("utf8")]);

describe("Docker stream frames", () => {
  const stream = Buffer.concat([frame(1, "one\n"), frame(2, "oops\n"), frame(1, "two\n"), frame(2, "")]);

  it("a whole buffer gives its frames in order, each labelled stdout or stderr", () => {
    expect(readable(decodeFrames(stream))).toEqual([
      ["stdout", "one\n"],
      ["stderr", "oops\n"],
      ["stdout", "two\n"],
      ["stderr", ""],
    ]);
  });

  it("chunks cut anywhere (inside a header, inside a payload) give the same frames, each once", () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const decoder = new FrameDecoder();
      const out = [...decoder.push(stream.subarray(0, cut)), ...decoder.push(stream.subarray(cut))];
      expect(readable(out), `cut at ${cut}`).toEqual(readable(decodeFrames(stream)));
    }
    const decoder = new FrameDecoder();
    const byteByByte = [...stream].flatMap((b) => decoder.push(Buffer.from([b])));
    expect(readable(byteByByte)).toEqual(readable(decodeFrames(stream)));
  });

  it("a frame still arriving stays pending; at the end a cut-off frame keeps what arrived", () => {
    const decoder = new FrameDecoder();
    const cut = frame(2, "partial line").subarray(0, 8 + 7);
    expect(decoder.push(Buffer.concat([frame(1, "whole\n"), cut]))).toHaveLength(1);
    expect(readable(decoder.end())).toEqual([["stderr", "partial"]]);
    expect(decodeFrames(Buffer.from([1, 0, 0]))).toEqual([]); // less than a header: nothing
  });

  it("a multi-byte character split across chunks is whole in its frame", () => {
    const bytes = frame(1, "café ✓\n");
    const decoder = new FrameDecoder();
    const out = [...decoder.push(bytes.subarray(0, 12)), ...decoder.push(bytes.subarray(12))];
    expect(readable(out)).toEqual([["stdout", "café ✓\n"]]);
  });
});
