import { beforeEach, describe, expect, it, vi } from "vitest";
import { stepUpRequiredError } from "@/lib/auth/step-up/step-up-required";
import { AppError } from "@/lib/errors";

// What every server action shares (components/action-state.ts): the page a success refreshes,
// what a refusal shows, and that a bug is never turned into a message.
const revalidated = vi.hoisted(() => [] as [string, string | undefined][]);
vi.mock("next/cache", () => ({ revalidatePath: (path: string, type?: string) => void revalidated.push([path, type]) }));
const { attempt, formValues, refusal, text } = await import("@/components/action-state");

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};

describe("server action helpers", () => {
  beforeEach(() => void revalidated.splice(0));

  it("text: a field trimmed, an absent one empty; formValues hands the input back without what it must not", () => {
    const f = form({ name: "  acme ", password: "secret" });
    expect(text(f, "name")).toBe("acme");
    expect(text(f, "missing")).toBe("");
    expect(formValues(f, ["password"])).toEqual({ name: "  acme " });
  });

  it("attempt: a success is `ok` and refreshes the pages named (as layouts when asked)", async () => {
    expect(await attempt(async () => "Saved", { revalidate: ["/groups", "/users"], layout: true })).toEqual({
      ok: "Saved",
    });
    expect(revalidated).toEqual([
      ["/groups", "layout"],
      ["/users", "layout"],
    ]);
    expect(await attempt(async () => 42)).toEqual({ ok: 42 });
  });

  it("attempt: a refusal says what went wrong (field problems, step-up, the code when asked) and refreshes nothing", async () => {
    const invalid = new AppError("VALIDATION", "Check the fields", { fields: { name: "is required" } });
    expect(
      await attempt(
        async () => {
          throw invalid;
        },
        { revalidate: ["/dns"] },
      ),
    ).toEqual({ error: "Check the fields", fields: { name: "is required" } });
    expect(
      await attempt(async () => {
        throw stepUpRequiredError();
      }),
    ).toEqual({ error: stepUpRequiredError().message, stepUp: true });
    expect(
      await attempt(
        async () => {
          throw new AppError("CONFLICT", "In use");
        },
        { withCode: true },
      ),
    ).toEqual({ error: "CONFLICT: In use" });
    expect(revalidated).toEqual([]);
  });

  it("a bug (not an AppError) propagates: it is never shown as a refusal", async () => {
    await expect(
      attempt(async () => {
        throw new TypeError("boom");
      }),
    ).rejects.toThrow("boom");
    expect(() => refusal(new Error("boom"))).toThrow("boom");
  });
});
