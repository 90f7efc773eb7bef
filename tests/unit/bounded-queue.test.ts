import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { BoundedQueue } from "@/lib/events/bounded-queue";
import { iterate, setEventBus } from "@/lib/events";
import { createMemoryBus } from "@/lib/events/memory-bus";

const tooSlow = () => new AppError("RATE_LIMITED", "too slow");

describe("bounded queue", () => {
  it("hands items over in order, waits for the next one, ends after the last", async () => {
    const q = new BoundedQueue<number>(3, tooSlow);
    const it = q[Symbol.asyncIterator]();
    q.push(1);
    expect(await it.next()).toEqual({ value: 1, done: false });
    const waiting = it.next(); // nothing there yet: the consumer waits
    q.push(2);
    expect(await waiting).toEqual({ value: 2, done: false });
    q.push(3);
    q.end();
    expect(q.push(4)).toBe(false); // ended: no more items
    expect(await it.next()).toEqual({ value: 3, done: false }); // what was waiting still arrives
    expect((await it.next()).done).toBe(true);
  });

  it("never holds more than its limit: the item past it drops the consumer with the overflow error", async () => {
    const q = new BoundedQueue<number>(3, tooSlow);
    expect([1, 2, 3].map((n) => q.push(n))).toEqual([true, true, true]);
    expect(q.size).toBe(3);
    expect(q.push(4)).toBe(false);
    expect(q.size).toBe(0); // the waiting items are let go, not kept for a reader that left
    expect(q.open).toBe(false);
    expect(q.push(5)).toBe(false);
    await expect(q[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: "RATE_LIMITED", message: "too slow" });
  });

  it("fail reaches a waiting consumer at once; stop ends it without an error", async () => {
    const failing = new BoundedQueue<number>(2, tooSlow);
    const read = failing[Symbol.asyncIterator]().next();
    failing.fail(new AppError("FORBIDDEN", "gone"));
    failing.fail(new Error("second")); // the first error wins
    await expect(read).rejects.toMatchObject({ code: "FORBIDDEN" });

    const stopping = new BoundedQueue<number>(2, tooSlow);
    stopping.push(1);
    stopping.stop();
    expect((await stopping[Symbol.asyncIterator]().next()).done).toBe(true);
  });

  it("refuses a limit below one", () => {
    expect(() => new BoundedQueue(0, tooSlow)).toThrow(RangeError);
  });
});

describe("iterate: a bus topic as a bounded stream", () => {
  it("delivers events, drops a reader more than `limit` behind with RATE_LIMITED and unsubscribes it", async () => {
    const bus = createMemoryBus();
    let handlers = 0;
    const subscribe = bus.subscribe.bind(bus);
    bus.subscribe = (topic, handler) => {
      handlers++;
      const off = subscribe(topic, handler);
      return () => (handlers--, off());
    };
    setEventBus(bus);
    const stream = iterate("client.status", undefined, 5);
    const first = stream.next(); // subscribes
    await bus.publish("client.status", { clientId: "a", status: "active" });
    expect((await first).value).toEqual({ clientId: "a", status: "active" });
    expect(handlers).toBe(1);
    for (let i = 0; i < 6; i++) await bus.publish("client.status", { clientId: `c${i}`, status: "active" });
    expect(handlers).toBe(0); // unsubscribed at the overflow, before the reader came back
    await expect(stream.next()).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  it("ends when its signal aborts", async () => {
    setEventBus(createMemoryBus());
    const abort = new AbortController();
    const stream = iterate("client.status", abort.signal);
    const next = stream.next();
    abort.abort();
    expect((await next).done).toBe(true);
  });
});
