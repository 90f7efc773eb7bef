import "server-only";
import { config } from "../../config";
import { AppError } from "../../errors";
import { events } from "../../events";
import type { Actor } from "../actor";
import { reloadActor } from "./load-actor";

// A live stream (SSE subscription) outlives the request that opened it by hours, so the rights it
// was opened with are checked again while it runs: every SUBSCRIPTION_RECHECK_SECONDS, before an
// event is delivered when the last check is older than that, and at once when an `auth.revoked`
// event names the viewer (lib/auth/request/revocations.ts). The actor is rebuilt from its credential
// (lib/auth/request/load-actor.ts reloadActor), so a revoked session or token, a deactivated account and a
// removed role or membership all end the stream with a final error the viewer can read:
// UNAUTHENTICATED (credential or account gone) or FORBIDDEN (rights gone). Every stream also ends
// after SUBSCRIPTION_MAX_LIFETIME_SECONDS with UNAVAILABLE { reconnect: true }: the browser
// reconnects (app/(console)/services/graphql-sse.ts) and is authorized from scratch.
// Every watch* domain function runs its source through this one helper (ADR 029).

export type LiveActor = {
  /** The viewer as last re-checked: filter each event with this, not the actor of the open. */
  actor: () => Actor;
  /** Aborts when the stream ends for any reason: the source stops its work with it. */
  signal: AbortSignal;
};

type Options<T> = {
  actor: Actor;
  signal?: AbortSignal;
  /** What the stream needs, asked of the re-checked actor (the same rule as at the open). */
  allowed: (actor: Actor) => boolean;
  open: (live: LiveActor) => AsyncIterable<T>;
};

const lost = {
  credential: () =>
    new AppError(
      "UNAUTHENTICATED",
      "Your session ended or your account is no longer active: this live stream is closed",
    ),
  rights: () => new AppError("FORBIDDEN", "You no longer have access to what this live stream shows: it is closed"),
};

export async function* whileAllowed<T>({ actor, signal, allowed, open }: Options<T>): AsyncGenerator<T> {
  const c = config();
  const recheckMs = c.SUBSCRIPTION_RECHECK_SECONDS * 1000;
  // up to 10% earlier, so streams opened together (after a deploy) do not all reconnect together
  const lifetimeMs = c.SUBSCRIPTION_MAX_LIFETIME_SECONDS * 1000 * (0.9 + Math.random() * 0.1);
  const inner = new AbortController();
  let current = actor;
  let ending: AppError | null = null;
  let wakeEnd!: () => void;
  const ended = new Promise<null>((r) => (wakeEnd = () => r(null)));
  const end = (err: AppError) => {
    ending ??= err;
    wakeEnd();
    inner.abort();
  };

  let lastCheck = Date.now();
  let checking: Promise<void> | null = null;
  const recheck = () =>
    (checking ??= (async () => {
      try {
        const fresh = await reloadActor(current);
        lastCheck = Date.now();
        if (!fresh) end(lost.credential());
        else if (!allowed(fresh)) end(lost.rights());
        else current = fresh;
      } catch (err) {
        console.error("[streams] re-check failed, closing the stream:", (err as Error).message);
        end(new AppError("UNAVAILABLE", "Could not re-check your access: reconnect", { reconnect: true }));
      } finally {
        checking = null;
      }
    })());

  const onAbort = () => inner.abort();
  signal?.addEventListener("abort", onAbort);
  if (signal?.aborted) inner.abort();
  const timer = setInterval(() => void recheck(), recheckMs);
  const lifetime = setTimeout(
    () =>
      end(
        new AppError("UNAVAILABLE", "This live stream reached its maximum lifetime: reconnect to continue", {
          reconnect: true,
        }),
      ),
    lifetimeMs,
  );
  const unsubscribe = events().subscribe("auth.revoked", (e) => {
    if (e.userId === null || e.userId === actor.userId) void recheck();
  });

  const source = open({ actor: () => current, signal: inner.signal })[Symbol.asyncIterator]();
  try {
    while (!inner.signal.aborted) {
      // Raced against the end: a source waiting for its next event must not keep a closed stream open.
      const next = source.next();
      next.catch(() => undefined); // a source failing after the end is no one's to report
      const step = await Promise.race([next, ended]);
      if (ending) throw ending;
      if (!step || step.done) return;
      if (Date.now() - lastCheck >= recheckMs) await recheck();
      if (ending) throw ending;
      yield step.value;
    }
    if (ending) throw ending;
  } finally {
    clearInterval(timer);
    clearTimeout(lifetime);
    unsubscribe();
    signal?.removeEventListener("abort", onAbort);
    inner.abort();
    void source.return?.()?.catch(() => undefined);
  }
}
