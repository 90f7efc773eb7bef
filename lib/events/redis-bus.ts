import Redis from "ioredis";
import type { EventBus, EventTopics, Topic } from "./topics";

// Redis pub/sub bus: every instance publishes to and subscribes from the same channels, so an
// event raised on one instance reaches live subscriptions on all of them.
const PREFIX = "securenexus:events:";

export function createRedisBus(url: string): EventBus {
  const pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const sub = new Redis(url, { lazyConnect: false });
  const handlers = new Map<string, Set<(p: unknown) => void>>();
  sub.on("message", (channel: string, message: string) => {
    const set = handlers.get(channel);
    if (!set) return;
    const payload = JSON.parse(message) as unknown;
    for (const h of set) h(payload);
  });
  pub.on("error", (err) => console.error("[events] redis publisher:", err.message));
  sub.on("error", (err) => console.error("[events] redis subscriber:", err.message));
  return {
    kind: "redis",
    async publish(topic, payload) {
      await pub.publish(PREFIX + topic, JSON.stringify(payload));
    },
    subscribe<T extends Topic>(topic: T, handler: (p: EventTopics[T]) => void) {
      const channel = PREFIX + topic;
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        void sub.subscribe(channel).catch((err) => console.error("[events] subscribe failed:", err.message));
      }
      set.add(handler as (p: unknown) => void);
      return () => {
        set!.delete(handler as (p: unknown) => void);
        if (set!.size === 0) {
          handlers.delete(channel);
          void sub.unsubscribe(channel).catch(() => {});
        }
      };
    },
    async close() {
      handlers.clear();
      pub.disconnect();
      sub.disconnect();
    },
  };
}
