import { describe, expect, it } from "vitest";
import { given } from "@/graphql/input";

// GraphQL input → domain input: one rule for every resolver (graphql/input.ts).
describe("given: the fields of a GraphQL input that were given", () => {
  it("drops explicit nulls and left-out fields, keeps every other value (false, 0, empty string, lists)", () => {
    expect(given({ name: "a", search: null, active: false, ttl: 0, note: "", ids: ["1"], left: undefined })).toEqual({
      name: "a",
      active: false,
      ttl: 0,
      note: "",
      ids: ["1"],
    });
    expect(Object.keys(given({ search: null, left: undefined }))).toEqual([]);
  });

  it("keeps null where null means 'clear it' (keepNull)", () => {
    expect(given({ name: "x", billing: null, metadata: null }, ["billing"])).toEqual({ name: "x", billing: null });
  });

  it("an absent input object is no fields", () => {
    expect(given(null)).toEqual({});
    expect(given(undefined)).toEqual({});
  });
});
