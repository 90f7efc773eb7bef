import { EventEmitter } from "node:events";
import type { EventBus, EventTopics, Topic } from "./topics";

/** In-process bus: the embedded default, one instance only. */
export function createMemoryBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0); // one listener per live subscription; hundreds are normal
  return {
    kind: "memory",
    async publish(topic, payload) {
      emitter.emit(topic, payload);
    },
    subscribe<T extends Topic>(topic: T, handler: (p: EventTopics[T]) => void) {
      emitter.on(topic, handler);
      return () => void emitter.off(topic, handler);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}
