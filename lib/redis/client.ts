import "server-only";
import Redis from "ioredis";

// One ioredis connection per URL for the sign-in throttle and the refresh-token store, shared by
// every Next bundle of the process (globalThis), so a busy sign-in page does not open sockets.
const g = globalThis as { __snxAuthRedis?: Map<string, Redis> };

export function authRedis(url: string): Redis {
  g.__snxAuthRedis ??= new Map();
  let client = g.__snxAuthRedis.get(url);
  if (!client) {
    client = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
    client.on("error", () => {}); // each failing call rejects; /health reports Redis itself
    g.__snxAuthRedis.set(url, client);
  }
  return client;
}
