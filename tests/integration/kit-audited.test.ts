import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { audited, auditedCall, denyUnless } from "@/lib/kit";
import { createUserActor } from "../support/actors";
import { ENGINES, installFreshDatabase } from "../support/db";

// The domain kit (ADR 031): a refused permission is on record once; `audited` (a transaction)
// and `auditedCall` (an outside call: Docker, Authentik, etcd …) leave one audit row for success,
// failure and denial, and a failed transaction leaves nothing but that row.
describe.each(ENGINES)("domain kit (%s)", (engine) => {
  let d: Awaited<ReturnType<typeof installFreshDatabase>>;
  let root: Actor, reader: Actor;
  let n = 0;
  const action = () => `kit.test.${++n}`;
  const rows = (a: string) => db().auditLog.findMany({ where: { action: a }, orderBy: { createdAt: "asc" } });

  beforeAll(async () => {
    d = await installFreshDatabase(engine);
    if (!d) return;
    root = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    reader = await createUserActor({ globalRoles: ["DEVELOPER"] });
  });
  afterAll(async () => d?.close());

  it("denyUnless: passes with the permission; without it, FORBIDDEN and exactly one denied row", async (context) => {
    if (!d) return context.skip();
    const ok = action();
    await denyUnless(root, "client:delete", { action: ok, resource: { type: "client", id: "c1" } });
    expect(await rows(ok)).toHaveLength(0);
    const no = action();
    await expect(
      denyUnless(reader, "client:delete", { action: no, resource: { type: "client", id: "c1" } }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Missing permission client:delete",
      details: { permission: "client:delete" },
    });
    const written = await rows(no);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      userId: reader.userId,
      resourceType: "client",
      resourceId: "c1",
      result: "denied",
      details: { reason: "missing permission client:delete" },
    });
  });

  it("denyUnless inside audited: the denial is recorded once, not twice", async (context) => {
    if (!d) return context.skip();
    const a = action();
    const work = audited(reader, a, { type: "client" }, async () => {
      await denyUnless(reader, "client:delete", { action: a, resource: { type: "client" } });
      return { result: 1 };
    });
    await expect(work).rejects.toMatchObject({ code: "FORBIDDEN" });
    // one from denyUnless, one from audited's own record of the refused change
    expect((await rows(a)).map((r) => r.result)).toEqual(["denied", "denied"]);
  });

  it("audited (transaction): success commits the change with its row; failure rolls back and leaves a failure row; FORBIDDEN is denied", async (context) => {
    if (!d) return context.skip();
    const good = action();
    const group = await audited(
      root,
      good,
      { type: "group" },
      async (tx) => {
        const g = await tx.group.create({ data: { name: `kit-ok-${n}` } });
        return { result: g, resourceId: g.id, details: { name: g.name } };
      },
      { details: { via: "test" } },
    );
    expect(await db().group.count({ where: { id: group.id } })).toBe(1);
    expect(await rows(good)).toEqual([
      expect.objectContaining({ result: "success", resourceId: group.id, details: { via: "test", name: group.name } }),
    ]);

    const bad = action();
    await expect(
      audited(root, bad, { type: "group" }, async (tx) => {
        await tx.group.create({ data: { name: `kit-rolled-back-${n}` } });
        throw new AppError("CONFLICT", "half-way failure");
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db().group.count({ where: { name: `kit-rolled-back-${n}` } })).toBe(0);
    expect(await rows(bad)).toEqual([
      expect.objectContaining({ result: "failure", details: { error: "half-way failure", code: "CONFLICT" } }),
    ]);

    const refused = action();
    await expect(
      audited(reader, refused, { type: "group", id: "g1" }, async () => {
        throw new AppError("FORBIDDEN", "no");
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await rows(refused)).toEqual([
      expect.objectContaining({ result: "denied", resourceId: "g1", details: { error: "no", code: "FORBIDDEN" } }),
    ]);

    const crash = action();
    await expect(
      audited(root, crash, { type: "group" }, async () => {
        throw new Error("secret connection string in here");
      }),
    ).rejects.toThrow("secret connection string");
    expect(await rows(crash)).toEqual([
      expect.objectContaining({ result: "failure", details: { error: "internal error", code: "INTERNAL" } }),
    ]);
  });

  it("auditedCall (outside call): success row with the call's outcome; failure and denial rows with the known details; a call that came back failed", async (context) => {
    if (!d) return context.skip();
    const calls: string[] = [];
    const good = action();
    const out = await auditedCall(
      root,
      good,
      { type: "network", id: "net1" },
      async () => {
        calls.push("engine");
        return { result: "created", details: { id: "abc" } };
      },
      { details: { host: "local" } },
    );
    expect(out).toBe("created");
    expect(await rows(good)).toEqual([
      expect.objectContaining({ result: "success", resourceId: "net1", details: { host: "local", id: "abc" } }),
    ]);

    const bad = action();
    await expect(
      auditedCall(
        root,
        bad,
        { type: "network", id: "net1" },
        async () => {
          throw new AppError("UNAVAILABLE", "Docker is not reachable");
        },
        { details: { host: "local" } },
      ),
    ).rejects.toMatchObject({ code: "UNAVAILABLE" });
    expect(await rows(bad)).toEqual([
      expect.objectContaining({
        result: "failure",
        details: { host: "local", error: "Docker is not reachable", code: "UNAVAILABLE" },
      }),
    ]);

    const refused = action();
    await expect(
      auditedCall(reader, refused, { type: "user" }, async () => {
        throw new AppError("FORBIDDEN", "Only a super admin changes a user's clients");
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await rows(refused)).toEqual([expect.objectContaining({ result: "denied" })]);

    const exited = action();
    expect(
      await auditedCall(root, exited, { type: "script", id: "s" }, async () => ({
        result: 2,
        failed: true,
        details: { exitCode: 2 },
      })),
    ).toBe(2);
    expect(await rows(exited)).toEqual([expect.objectContaining({ result: "failure", details: { exitCode: 2 } })]);
    expect(calls).toEqual(["engine"]);

    // one step of a longer change: only its failure is this call's to record
    const step = action();
    await auditedCall(root, step, { type: "client", id: "c1" }, async () => ({ result: 1 }), { successRow: false });
    expect(await rows(step)).toHaveLength(0);
    await expect(
      auditedCall(
        root,
        step,
        { type: "client", id: "c1" },
        async () => {
          throw new AppError("UNAVAILABLE", "engine down");
        },
        { details: { step: "containers" }, successRow: false },
      ),
    ).rejects.toMatchObject({ code: "UNAVAILABLE" });
    expect(await rows(step)).toEqual([
      expect.objectContaining({
        result: "failure",
        details: { step: "containers", error: "engine down", code: "UNAVAILABLE" },
      }),
    ]);
  });
});
