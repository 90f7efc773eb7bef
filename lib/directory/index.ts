import "server-only";
import { config } from "../config";
import { AuthentikDirectory } from "./authentik";
import { CachedDirectory, memoryStore, redisStore } from "./cache";
import { localDirectory } from "./local";
import type { Directory } from "./types";

export type { Directory, DirectoryUser, DirectoryGroup, DirectoryUserFilter } from "./types";

// The process's directory: Authentik (behind a read cache) when AUTHENTIK_URL and AUTHENTIK_TOKEN(_FILE) are set, else
// the local tables. On globalThis: every Next bundle must share one circuit breaker.
const g = globalThis as { __snxDirectory?: Directory };

export function directory(): Directory {
  if (g.__snxDirectory) return g.__snxDirectory;
  const c = config();
  if (!(c.AUTHENTIK_URL && c.AUTHENTIK_TOKEN)) return (g.__snxDirectory = localDirectory);
  // Authentik is remote: its answers are cached (Redis when configured, shared by instances).
  const authentik = new AuthentikDirectory({ url: c.AUTHENTIK_URL, token: c.AUTHENTIK_TOKEN });
  g.__snxDirectory = new CachedDirectory(authentik, c.REDIS_URL ? redisStore(c.REDIS_URL) : memoryStore());
  return g.__snxDirectory;
}

/** The directory if one was already chosen (the health check must not build one). */
export const currentDirectory = (): Directory | undefined => g.__snxDirectory;

/** Tests: point the process at another directory (a fake Authentik), or back to the default. */
export function setDirectory(d: Directory | undefined): void {
  g.__snxDirectory = d;
}
