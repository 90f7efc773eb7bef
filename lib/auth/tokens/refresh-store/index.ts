import "server-only";
import { config } from "../../../config";
import { databaseRefreshStore } from "./db";
import { redisRefreshStore } from "./redis";
import type { RefreshStore } from "./types";

export { grantError, REFRESH_TOKEN_TTL_SECONDS, type RefreshStore } from "./types";

const g = globalThis as { __snxRefreshStore?: RefreshStore };

/** Redis when REDIS_URL is set (shared by every instance), else the sessions table. */
export function refreshStore(): RefreshStore {
  if (!g.__snxRefreshStore) {
    const url = config().REDIS_URL;
    g.__snxRefreshStore = url ? redisRefreshStore(url) : databaseRefreshStore;
  }
  return g.__snxRefreshStore;
}

/** Tests run one suite against each store. */
export function setRefreshStore(store: RefreshStore | undefined) {
  g.__snxRefreshStore = store;
}
