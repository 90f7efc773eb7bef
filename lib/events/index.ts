import "server-only";
import { config } from "../config";
import { createMemoryBus } from "./memory-bus";
import { createRedisBus } from "./redis-bus";
import type { EventBus, EventTopics, Topic } from "./topics";

export type { EventBus, EventTopics, Topic } from "./topics";

const g = globalThis as { __snxBus?: EventBus };

/** The process's bus: Redis pub/sub when REDIS_URL is set (several instances), else in-process. */
export function events(): EventBus {
  if (!g.__snxBus) {
    const url = config().REDIS_URL;
    g.__snxBus = url ? createRedisBus(url) : createMemoryBus();
  }
  return g.__snxBus;
}

export function setEventBus(bus: EventBus) {
  g.__snxBus = bus;
}

/** An async iterator over one topic's events, ended by `signal` (GraphQL subscriptions). */
export async function* iterate<T extends Topic>(topic: T, signal?: AbortSignal): AsyncGenerator<EventTopics[T]> {
  const queue: EventTopics[T][] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = events().subscribe(topic, (p) => {
    queue.push(p);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    while (!signal?.aborted) {
      if (queue.length === 0) await new Promise<void>((r) => (wake = r));
      wake = null;
      while (queue.length) yield queue.shift()!;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener("abort", onAbort);
  }
}
