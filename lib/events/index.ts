import "server-only";
import { config } from "../config";
import { AppError } from "../errors";
import { BoundedQueue } from "./bounded-queue";
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

/** Events a live stream may have waiting for its reader: beyond this it is dropped (a browser
 *  that stopped reading must not make the server buffer for it without bound). */
export const MAX_PENDING_EVENTS = 1000;

/** An async iterator over one topic's events, ended by `signal` (GraphQL subscriptions). A reader
 *  more than `limit` events behind gets RATE_LIMITED and is unsubscribed at once. */
export async function* iterate<T extends Topic>(
  topic: T,
  signal?: AbortSignal,
  limit = MAX_PENDING_EVENTS,
): AsyncGenerator<EventTopics[T]> {
  const queue = new BoundedQueue<EventTopics[T]>(
    limit,
    () =>
      new AppError(
        "RATE_LIMITED",
        `Live stream dropped: more than ${limit} events waited for a reader that does not keep up; reconnect`,
      ),
  );
  let subscribed = true;
  const off = events().subscribe(topic, (p) => {
    if (!queue.push(p)) unsubscribe();
  });
  // once only: the Redis bus drops its channel when a set empties, a second call could drop another's
  const unsubscribe = () => {
    if (subscribed) off();
    subscribed = false;
  };
  const onAbort = () => queue.stop();
  signal?.addEventListener("abort", onAbort);
  if (signal?.aborted) queue.stop();
  try {
    yield* queue;
  } finally {
    unsubscribe();
    signal?.removeEventListener("abort", onAbort);
  }
}
