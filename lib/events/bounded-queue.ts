// The one queue between a producer that pushes (a bus handler, a Docker stream, a child process)
// and a consumer that pulls at its own pace (a GraphQL subscription, read by a browser). It holds
// at most `limit` items: a consumer that falls that far behind is dropped with the error
// `overflow()` makes, instead of the server buffering for it without bound (issue 11, item 4).

export class BoundedQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private ended = false;
  private stopped = false;
  private error: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly limit: number,
    private readonly overflow: () => Error,
  ) {
    if (!(limit >= 1)) throw new RangeError("A bounded queue holds at least one item");
  }

  get size(): number {
    return this.items.length;
  }

  /** True while the queue still takes items (not ended, stopped, failed or overflowed). */
  get open(): boolean {
    return !this.ended && !this.stopped && !this.error;
  }

  /** Adds an item; false when the queue no longer takes any. The item past `limit` fails the
   *  queue (the consumer gets the overflow error next, the items waiting are dropped). */
  push(item: T): boolean {
    if (!this.open) return false;
    if (this.items.length >= this.limit) {
      this.fail(this.overflow());
      return false;
    }
    this.items.push(item);
    this.notify();
    return true;
  }

  /** No more items: the consumer gets the ones waiting, then the end. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  /** Ends now: the consumer's next read is the end, items waiting are dropped. */
  stop(): void {
    this.stopped = true;
    this.items = [];
    this.notify();
  }

  /** The consumer's next read throws `error`; items waiting are dropped. The first error wins. */
  fail(error: Error): void {
    if (this.error || this.stopped) return;
    this.error = error;
    this.items = [];
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    while (true) {
      if (this.error) throw this.error;
      if (this.stopped) return;
      if (this.items.length) {
        yield this.items.shift()!;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  private notify() {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
