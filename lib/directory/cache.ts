import "server-only";
import Redis from "ioredis";
import type { Directory, DirectoryUser } from "./types";

// A read cache in front of a remote directory (Authentik): lists and single users are kept for a
// short TTL; any change through the console bumps a generation number that is part of every key,
// so all earlier answers are dropped at once — across instances when the store is Redis.
// A failing cache store is bypassed (the directory answers), never an error for the user.

export interface CacheStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  generation(): Promise<string>;
  bump(): Promise<void>;
}

export function memoryStore(now: () => number = Date.now): CacheStore {
  const entries = new Map<string, { value: string; until: number }>();
  let gen = 0;
  return {
    get: async (k) => {
      const e = entries.get(k);
      return e && e.until > now() ? e.value : null;
    },
    set: async (k, value, ttl) => void entries.set(k, { value, until: now() + ttl }),
    generation: async () => String(gen),
    bump: async () => {
      gen += 1;
      entries.clear();
    },
  };
}

const GEN_KEY = "snx:directory:gen";

export function redisStore(url: string): CacheStore {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  redis.on("error", () => {}); // reported by the calls that fail (and the redis health check)
  return {
    get: (k) => redis.get(k),
    set: async (k, v, ttl) => void (await redis.set(k, v, "PX", ttl)),
    generation: async () => (await redis.get(GEN_KEY)) ?? "0",
    bump: async () => void (await redis.incr(GEN_KEY)),
  };
}

const revive = (key: string, value: unknown) =>
  key === "lastLogin" && typeof value === "string" ? new Date(value) : value;

export class CachedDirectory implements Directory {
  readonly kind: Directory["kind"];
  constructor(
    readonly inner: Directory,
    private readonly store: CacheStore,
    private readonly ttlMs = 30_000,
  ) {
    this.kind = inner.kind;
  }

  private async cached<T>(name: string, args: unknown[], load: () => Promise<T>): Promise<T> {
    let key: string | null = null;
    try {
      key = `snx:directory:${await this.store.generation()}:${name}:${JSON.stringify(args)}`;
      const hit = await this.store.get(key);
      if (hit !== null) return JSON.parse(hit, revive) as T;
    } catch (err) {
      console.warn("[directory] cache unavailable, asking the directory:", (err as Error).message);
      key = null;
    }
    const value = await load();
    if (key) await this.store.set(key, JSON.stringify(value), this.ttlMs).catch(() => {});
    return value;
  }

  private async changed<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } finally {
      // Also after a failure: a timed-out write may still have happened in Authentik.
      await this.store
        .bump()
        .catch((err) => console.warn("[directory] cache not invalidated:", (err as Error).message));
    }
  }

  listUsers(...args: Parameters<Directory["listUsers"]>) {
    return this.cached("listUsers", args, () => this.inner.listUsers(...args));
  }
  getUser(id: string) {
    return this.cached<DirectoryUser | null>("getUser", [id], () => this.inner.getUser(id));
  }
  listGroups() {
    return this.cached("listGroups", [], () => this.inner.listGroups());
  }
  createUser(...args: Parameters<Directory["createUser"]>) {
    return this.changed(this.inner.createUser(...args));
  }
  updateUser(...args: Parameters<Directory["updateUser"]>) {
    return this.changed(this.inner.updateUser(...args));
  }
  deleteUser(id: string) {
    return this.changed(this.inner.deleteUser(id));
  }
  addUserToGroup(groupId: string, userId: string) {
    return this.changed(this.inner.addUserToGroup(groupId, userId));
  }
  removeUserFromGroup(groupId: string, userId: string) {
    return this.changed(this.inner.removeUserFromGroup(groupId, userId));
  }
}
