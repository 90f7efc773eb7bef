import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ENGINES, freshDatabase, installFreshDatabase } from "../support/db";
import { db, type Database } from "@/lib/db";
import { openPostgres } from "@/lib/db/connection";
import { claimJobs, markSucceeded } from "@/lib/jobs/queue";
import {
  createJobRunner,
  enqueueJob,
  registerJobHandler,
  reportProgress,
  scheduleDaily,
  scheduleEvery,
  enqueueDueSchedules,
  dailyKey,
} from "@/lib/jobs";
import { resetSchedules } from "@/lib/jobs/schedule";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jobRow = (id: string) => db().job.findUniqueOrThrow({ where: { id } });

describe.each(ENGINES)("job runner on %s", (engine) => {
  let d: Database | null;
  beforeAll(async () => void (d = await installFreshDatabase(engine)));
  afterAll(async () => d?.close());
  beforeEach(async () => {
    if (d) await db().job.deleteMany();
  });

  it("enqueues a unique key once, however often it is asked", async (context) => {
    if (!d) return context.skip();
    const a = await enqueueJob({ type: "test.unique", uniqueKey: "k-1", payload: { n: 1 } });
    const b = await enqueueJob({ type: "test.unique", uniqueKey: "k-1", payload: { n: 2 } });
    const c = await enqueueJob({ type: "test.unique", payload: { n: 3 } });
    expect(a).toEqual({ id: a.id, created: true });
    expect(b).toEqual({ id: a.id, created: false });
    expect(c.created).toBe(true);
    expect(await db().job.count({ where: { type: "test.unique" } })).toBe(2);
    expect((await jobRow(a.id)).payload).toEqual({ n: 1 });
  });

  it("runs a handler, stores its progress and its result", async (context) => {
    if (!d) return context.skip();
    let midway: unknown;
    registerJobHandler("test.progress", async ({ job, reportProgress: report }) => {
      await report({ step: 1, of: 2 });
      midway = (await jobRow(job.id)).progress;
      return { done: true, payload: job.payload };
    });
    const { id } = await enqueueJob({ type: "test.progress", payload: { x: "y" } });
    const runner = createJobRunner({ schedules: false });
    expect(await runner.runOnce()).toBe(1);
    expect(midway).toEqual({ step: 1, of: 2 });
    const row = await jobRow(id);
    expect(row).toMatchObject({
      status: "succeeded",
      attempts: 1,
      lockedBy: null,
      lastError: null,
      progress: { done: true, payload: { x: "y" } },
    });
    expect(await runner.runOnce()).toBe(0);
    // reportProgress on a finished job changes nothing
    expect(await reportProgress(id, { late: true })).toBe(0);
  });

  it("retries a failing job with growing delays, then marks it failed after maxAttempts", async (context) => {
    if (!d) return context.skip();
    let calls = 0;
    registerJobHandler("test.fail", async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    });
    const { id } = await enqueueJob({ type: "test.fail", maxAttempts: 3 });
    const runner = createJobRunner({ schedules: false, backoffMs: 300 });

    expect(await runner.runOnce()).toBe(1);
    let row = await jobRow(id);
    expect(row).toMatchObject({ status: "queued", attempts: 1, lastError: "boom 1", lockedBy: null });
    const firstDelay = row.runAt.getTime() - row.updatedAt.getTime();
    expect(firstDelay).toBeGreaterThanOrEqual(290);
    expect(firstDelay).toBeLessThan(400);
    expect(await runner.runOnce()).toBe(0); // not due before its backoff

    await sleep(350);
    expect(await runner.runOnce()).toBe(1);
    row = await jobRow(id);
    expect(row).toMatchObject({ status: "queued", attempts: 2, lastError: "boom 2" });
    const secondDelay = row.runAt.getTime() - row.updatedAt.getTime();
    expect(secondDelay).toBeGreaterThanOrEqual(590); // doubled

    await sleep(650);
    expect(await runner.runOnce()).toBe(1);
    row = await jobRow(id);
    expect(row).toMatchObject({ status: "failed", attempts: 3, lastError: "boom 3" });
    await sleep(50);
    expect(await runner.runOnce()).toBe(0);
    expect(calls).toBe(3);
  });

  it("re-claims a job whose runner died once its lease expired", async (context) => {
    if (!d) return context.skip();
    const seen: number[] = [];
    registerJobHandler("test.crash", async ({ job }) => void seen.push(job.attempts));
    const { id } = await enqueueJob({ type: "test.crash" });
    // A runner claims it and dies without finishing (nothing renews its lease).
    const [dead] = await claimJobs(db(), { lockedBy: "dead-instance", leaseMs: 300, limit: 5, types: ["test.crash"] });
    expect(dead?.id).toBe(id);
    expect(await jobRow(id)).toMatchObject({ status: "running", lockedBy: "dead-instance" });

    const live = createJobRunner({ schedules: false });
    expect(await live.runOnce()).toBe(0); // the lease still holds
    await sleep(350);
    expect(await live.runOnce()).toBe(1);
    expect(seen).toEqual([2]);
    expect(await jobRow(id)).toMatchObject({ status: "succeeded", attempts: 2, lockedBy: null });
    // The dead runner coming back cannot overwrite the outcome.
    expect(await markSucceeded(db(), { id, lockedBy: "dead-instance", attempts: 1 }, { stale: true })).toBe(false);
    expect((await jobRow(id)).progress).toEqual({});
  });

  it("fails a job whose last attempt died, instead of running it beyond maxAttempts", async (context) => {
    if (!d) return context.skip();
    let calls = 0;
    registerJobHandler("test.last", async () => void calls++);
    const { id } = await enqueueJob({ type: "test.last", maxAttempts: 1 });
    await claimJobs(db(), { lockedBy: "dead-instance", leaseMs: 100, limit: 1, types: ["test.last"] });
    await sleep(150);
    expect(await createJobRunner({ schedules: false }).runOnce()).toBe(1);
    expect(calls).toBe(0);
    expect(await jobRow(id)).toMatchObject({ status: "failed", attempts: 2 });
  });

  it("enqueues a daily job once per day across instances", async (context) => {
    if (!d) return context.skip();
    resetSchedules();
    scheduleDaily("test.daily", { payload: { a: 1 } });
    const now = new Date("2026-11-25T10:00:00Z");
    expect(await enqueueDueSchedules(now)).toEqual(["test.daily:2026-11-25"]);
    // a second instance (its own memory) asks again the same day
    resetSchedules();
    scheduleDaily("test.daily", { payload: { a: 1 } });
    expect(await enqueueDueSchedules(new Date("2026-11-25T23:59:00Z"))).toEqual([]);
    expect(await enqueueDueSchedules(new Date("2026-11-26T00:01:00Z"))).toEqual(["test.daily:2026-11-26"]);
    const keys = (await db().job.findMany({ where: { type: "test.daily" }, orderBy: { uniqueKey: "asc" } })).map(
      (j) => j.uniqueKey,
    );
    expect(keys).toEqual([dailyKey("test.daily", now), "test.daily:2026-11-26"]);
    resetSchedules();
  });

  it("enqueues an every-N-minutes job once per clock-aligned slot across instances", async (context) => {
    if (!d) return context.skip();
    resetSchedules();
    scheduleEvery("test.every", 15);
    expect(await enqueueDueSchedules(new Date("2026-11-25T10:07:00Z"))).toEqual([
      "test.every:2026-11-25T10:00:00.000Z",
    ]);
    resetSchedules(); // another instance, same slot
    scheduleEvery("test.every", 15);
    expect(await enqueueDueSchedules(new Date("2026-11-25T10:14:59Z"))).toEqual([]);
    expect(await enqueueDueSchedules(new Date("2026-11-25T10:15:00Z"))).toEqual([
      "test.every:2026-11-25T10:15:00.000Z",
    ]);
    expect(await db().job.count({ where: { type: "test.every" } })).toBe(2);
    resetSchedules();
  });
});

describe("two runners polling one PostgreSQL database", () => {
  let main: (Database & { url?: string }) | null;
  let other: Database | null = null;
  beforeAll(async () => {
    main = await freshDatabase("postgres");
    if (main?.url) other = openPostgres(main.url);
  });
  afterAll(async () => {
    await other?.close();
    await main?.close();
  });

  it("runs each of 30 jobs exactly once", async (context) => {
    if (!main || !other) return context.skip();
    const runs = new Map<string, string[]>();
    registerJobHandler("test.count", async ({ job }) => {
      const row = await main!.prisma.job.findUniqueOrThrow({ where: { id: job.id }, select: { lockedBy: true } });
      runs.set(job.id, [...(runs.get(job.id) ?? []), row.lockedBy!]);
      await sleep(10 + Math.random() * 20);
    });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await enqueueJob({ type: "test.count", payload: { i } }, main.prisma)).id);

    const opts = { pollMs: 5, concurrency: 3, schedules: false as const };
    const a = createJobRunner({ ...opts, instanceId: "runner-a", client: () => main!.prisma });
    const b = createJobRunner({ ...opts, instanceId: "runner-b", client: () => other!.prisma });
    a.start();
    b.start();
    const deadline = Date.now() + 30_000;
    while (
      (await main.prisma.job.count({ where: { type: "test.count", status: "succeeded" } })) < 30 &&
      Date.now() < deadline
    )
      await sleep(50);
    await Promise.all([a.stop(), b.stop()]);

    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    expect([...runs.values()].every((who) => who.length === 1)).toBe(true);
    const byRunner = [...runs.values()].flat();
    // both instances took part, so the claims really raced
    expect(byRunner.filter((w) => w === "runner-a").length).toBeGreaterThan(0);
    expect(byRunner.filter((w) => w === "runner-b").length).toBeGreaterThan(0);
    expect(await main.prisma.job.count({ where: { type: "test.count", status: "succeeded", attempts: 1 } })).toBe(30);
  });
});
