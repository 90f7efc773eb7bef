import "server-only";
import { config } from "../../config";
import { db } from "../../db";
import { AppError } from "../../errors";
import { authRedis } from "../../redis/client";
import { sha256 } from "../tokens/tokens";

// Per-account progressive delay on failed password sign-ins, on top of the per-IP limit
// (docs/decisions/018-sign-in-delay-refresh-store-code-exchange.md). After FREE_FAILURES consecutive failures
// the account's next attempt must wait 1 s, then 2, 4, 8 … capped at MAX_DELAY_SECONDS; an attempt
// inside the wait is refused (RATE_LIMITED + retryAfter) without checking the password. A
// success resets the count; an hour without failures forgets it.
// Known accounts count in users.failed_sign_ins (durable, shared by instances); logins that match
// no account count in Redis (REDIS_URL) or memory under the same rules, so the delay — like the
// answer — never tells whether an account exists.

export const FREE_FAILURES = 3;
export const MAX_DELAY_SECONDS = 60;
export const FORGET_AFTER_MS = 60 * 60_000;

export type FailureState = { failures: number; lastFailedAt: Date | null };
/** Whose failures: a known account (state read with the user row) or a login matching no one. */
export type Account = { userId: string; state: FailureState } | { login: string };

/** Seconds the account must wait after `failures` consecutive failures. */
export function delaySeconds(failures: number): number {
  return failures < FREE_FAILURES ? 0 : Math.min(2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS);
}

function current(state: FailureState, now: number): FailureState {
  const stale = !state.lastFailedAt || now - state.lastFailedAt.getTime() > FORGET_AFTER_MS;
  return stale ? { failures: 0, lastFailedAt: null } : state;
}

export interface FailureStore {
  get(login: string): Promise<FailureState>;
  fail(login: string): Promise<void>;
  clear(login: string): Promise<void>;
}

const MEMORY_LIMIT = 10_000; // a spray of random logins must not grow the process without bound

export function memoryFailureStore(): FailureStore {
  const map = new Map<string, FailureState>();
  return {
    get: async (login) => map.get(login) ?? { failures: 0, lastFailedAt: null },
    fail: async (login) => {
      const before = current(map.get(login) ?? { failures: 0, lastFailedAt: null }, Date.now());
      map.delete(login); // re-insert: Map order is then oldest-failure first
      map.set(login, { failures: before.failures + 1, lastFailedAt: new Date() });
      if (map.size > MEMORY_LIMIT) map.delete(map.keys().next().value!);
    },
    clear: async (login) => void map.delete(login),
  };
}

export function redisFailureStore(url: string): FailureStore {
  const key = (login: string) => `snx:signin:fail:${sha256(login)}`; // no login names in Redis
  return {
    get: async (login) => {
      const h = await authRedis(url).hgetall(key(login));
      return h.n
        ? { failures: Number(h.n), lastFailedAt: new Date(Number(h.at)) }
        : { failures: 0, lastFailedAt: null };
    },
    fail: async (login) => {
      // the key expires an hour after the last failure: that is the "forget" rule
      await authRedis(url)
        .multi()
        .hincrby(key(login), "n", 1)
        .hset(key(login), "at", String(Date.now()))
        .pexpire(key(login), FORGET_AFTER_MS)
        .exec();
    },
    clear: async (login) => void (await authRedis(url).del(key(login))),
  };
}

const g = globalThis as { __snxFailureStore?: FailureStore };
function unknownLogins(): FailureStore {
  if (!g.__snxFailureStore) {
    const url = config().REDIS_URL;
    g.__snxFailureStore = url ? redisFailureStore(url) : memoryFailureStore();
  }
  return g.__snxFailureStore;
}

/** Tests pick the store of unknown logins (memory or a real Redis). */
export function setFailureStore(store: FailureStore | undefined) {
  g.__snxFailureStore = store;
}

/** Throws RATE_LIMITED (retryAfter in seconds) while the account must still wait. */
export async function checkAccountDelay(account: Account): Promise<void> {
  const now = Date.now();
  const state = current("userId" in account ? account.state : await unknownLogins().get(account.login), now);
  const waitMs = state.lastFailedAt ? state.lastFailedAt.getTime() + delaySeconds(state.failures) * 1000 - now : 0;
  if (waitMs > 0) {
    const retryAfter = Math.ceil(waitMs / 1000);
    throw new AppError("RATE_LIMITED", `Too many failed sign-ins; retry in ${retryAfter} s`, {
      retryAfter,
      reason: "account_delay",
    });
  }
}

export async function recordFailedSignIn(account: Account): Promise<void> {
  if (!("userId" in account)) return unknownLogins().fail(account.login);
  const fresh = current(account.state, Date.now()).failures === 0;
  await db().user.update({
    where: { id: account.userId },
    data: { failedSignIns: fresh ? 1 : { increment: 1 }, lastFailedSignInAt: new Date() },
  });
}

export async function clearFailedSignIns(account: Account): Promise<void> {
  if (!("userId" in account)) return unknownLogins().clear(account.login);
  if (account.state.failures === 0) return;
  await db().user.update({ where: { id: account.userId }, data: { failedSignIns: 0, lastFailedSignInAt: null } });
}
