import { describe, expect, it } from "vitest";
import { z } from "zod";
import { idSchema, isId } from "@/lib/kit/ids";
import { parseInput } from "@/lib/kit/parse";

// The kit's one zod → AppError(VALIDATION) formatter and its one id schema (ADR 031).
describe("parseInput", () => {
  const schema = z.object({
    name: z.string().min(1, "is required"),
    records: z.array(z.object({ ttl: z.number().int().min(60, "at least 60") })),
  });

  it("returns the parsed data", () => {
    expect(parseInput(schema, { name: "a", records: [{ ttl: 60 }] })).toEqual({ name: "a", records: [{ ttl: 60 }] });
  });

  it("names every bad field by its path, nested ones dotted", () => {
    let caught: unknown;
    try {
      parseInput(schema, { name: "", records: [{ ttl: 60 }, { ttl: 5 }] });
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({
      name: "AppError",
      code: "VALIDATION",
      message: "Invalid input: name: is required; records.1.ttl: at least 60",
      details: { fields: { name: "is required", "records.1.ttl": "at least 60" } },
    });
  });

  it("a bare value is named by `field`; a problem with the whole input by `input`", () => {
    expect(() => parseInput(z.number().max(300, "at most 300"), 301, { field: "timeout" })).toThrow(
      expect.objectContaining({ details: { fields: { timeout: "at most 300" } } }),
    );
    expect(() => parseInput(schema, "not an object")).toThrow(
      expect.objectContaining({ details: { fields: { input: expect.any(String) } } }),
    );
  });
});

describe("idSchema", () => {
  it("accepts our UUIDs (any version, any case) and nothing else", () => {
    for (const id of [
      crypto.randomUUID(),
      "00000000-0000-0000-0000-000000000001",
      "ABCDEF01-2345-6789-ABCD-EF0123456789",
    ]) {
      expect(isId(id)).toBe(true);
      expect(idSchema.safeParse(id).success).toBe(true);
    }
    for (const id of ["", "42", "zone.example", `${crypto.randomUUID()}x`, "00000000-0000-0000-0000-00000000000"]) {
      expect(isId(id)).toBe(false);
      expect(idSchema.safeParse(id).success).toBe(false);
    }
  });
});
