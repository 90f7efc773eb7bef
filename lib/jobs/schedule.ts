import "server-only";
import { db, type PrismaClient } from "../db";
import { enqueueJob } from "./queue";

// Recurring jobs without a leader: every instance enqueues the day's job under the same unique
// key `<type>:<YYYY-MM-DD>` (UTC), and the table's unique index keeps exactly one of them.

type Daily = { type: string; payload: Record<string, unknown>; maxAttempts?: number; everyMinutes?: number };

const g = globalThis as { __snxJobSchedules?: Map<string, Daily>; __snxJobScheduled?: Set<string> };
const schedules = () => (g.__snxJobSchedules ??= new Map());
/** keys this process already enqueued, so each poll does not cost an insert */
const done = () => (g.__snxJobScheduled ??= new Set());

export function scheduleDaily(
  type: string,
  opts: { payload?: Record<string, unknown>; maxAttempts?: number } = {},
): void {
  schedules().set(type, { type, payload: opts.payload ?? {}, maxAttempts: opts.maxAttempts });
}

/** Every `minutes` (clock-aligned slots, UTC): the same leaderless way, keyed by the slot start
 *  `<type>:<ISO time>`, so all instances together enqueue one job per slot. */
export function scheduleEvery(
  type: string,
  minutes: number,
  opts: { payload?: Record<string, unknown>; maxAttempts?: number } = {},
): void {
  schedules().set(type, { type, payload: opts.payload ?? {}, maxAttempts: opts.maxAttempts, everyMinutes: minutes });
}

export function slotKey(type: string, minutes: number, now: Date): string {
  const ms = minutes * 60_000;
  return `${type}:${new Date(Math.floor(now.getTime() / ms) * ms).toISOString()}`;
}

export function dailyKey(type: string, now: Date): string {
  return `${type}:${now.toISOString().slice(0, 10)}`;
}

/** Enqueues today's run of each daily job unless it exists already. Returns the keys created here. */
export async function enqueueDueSchedules(now = new Date(), client: PrismaClient = db()): Promise<string[]> {
  const created: string[] = [];
  for (const s of schedules().values()) {
    const uniqueKey = s.everyMinutes ? slotKey(s.type, s.everyMinutes, now) : dailyKey(s.type, now);
    if (done().has(uniqueKey)) continue;
    const r = await enqueueJob({ type: s.type, payload: s.payload, uniqueKey, maxAttempts: s.maxAttempts }, client);
    // an interval schedule keeps only its latest slot in memory
    if (s.everyMinutes) for (const k of done()) if (k.startsWith(`${s.type}:`)) done().delete(k);
    done().add(uniqueKey);
    if (r.created) created.push(uniqueKey);
  }
  return created;
}

/** Test seam: forget registered schedules and what was enqueued. */
export function resetSchedules(): void {
  schedules().clear();
  done().clear();
}
