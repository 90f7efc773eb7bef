// Docker's multiplexed stream format (logs and exec without a TTY): each frame is an 8-byte
// header — stream byte (0 stdin, 1 stdout, 2 stderr), 3 zero bytes, uint32 big-endian size —
// then `size` bytes of payload. One decoder for whole buffers and for chunks as they arrive;
// frames come out in the order Docker wrote them, each labelled with its stream.

export type Frame = { stream: "stdout" | "stderr"; payload: Buffer };

const HEADER = 8;

/** Feeds chunks as they arrive; `push` returns the frames completed so far (a frame split across
 *  chunks comes out once its last byte arrived). */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Frame[] = [];
    while (this.pending.length >= HEADER) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER + size) break;
      frames.push({
        stream: this.pending[0] === 2 ? "stderr" : "stdout",
        payload: this.pending.subarray(HEADER, HEADER + size),
      });
      this.pending = this.pending.subarray(HEADER + size);
    }
    return frames;
  }

  /** At the end of the stream: the part of a cut-off last frame that arrived, if its header did. */
  end(): Frame[] {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest.length >= HEADER
      ? [{ stream: rest[0] === 2 ? "stderr" : "stdout", payload: rest.subarray(HEADER) }]
      : [];
  }
}

/** The frames of a whole buffer (a cut-off last frame keeps what it holds). */
export function decodeFrames(buf: Buffer): Frame[] {
  const decoder = new FrameDecoder();
  return [...decoder.push(buf), ...decoder.end()];
}
