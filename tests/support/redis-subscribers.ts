import Redis from "ioredis";
import { SERVICE_URLS } from "./services";

// The ready signal for a test on the Redis event bus: a subscription exists once Redis counts a
// subscriber on its channel (PUBSUB NUMSUB), not after a guessed sleep. Channels are the bus's
// own names (lib/events/redis-bus.ts: "securenexus:events:<topic>").
export const busChannel = (topic: string) => `securenexus:events:${topic}`;

/** Resolves once `channel` has a subscriber count that `ok` accepts; throws after `timeoutMs`. */
export async function waitForSubscribers(
  channel: string,
  ok: (n: number) => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const redis = new Redis(SERVICE_URLS.redis, { maxRetriesPerRequest: 1 });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [, n] = (await redis.pubsub("NUMSUB", channel)) as [string, number];
      if (ok(Number(n))) return;
      if (Date.now() > deadline) throw new Error(`Redis channel ${channel}: ${n} subscribers after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    redis.disconnect();
  }
}
