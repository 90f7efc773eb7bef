import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/session/callback-url";

const APP = "https://control.example.test";

describe("safeCallbackPath: where a sign-in may go next", () => {
  it.each([
    ["/\\evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["/%09/evil.example", "/%09/evil.example"], // still escaped: a path on the console
    ["//evil.example", "/"],
    ["\\\\evil.example", "/"],
    ["https://evil.example/x", "/"],
    ["http://control.example.test/x", "/"], // other scheme, other origin
    ["javascript:alert(1)", "/"],
    ["data:text/html,hi", "/"],
    [" //evil.example", "/"],
    ["/.//evil.example", "/evil.example"],
    ["", "/"],
    [undefined, "/"],
  ])("%j ends on the console as %j", (raw, expected) => {
    expect(safeCallbackPath(raw, APP)).toBe(expected);
  });

  it("keeps a same-origin path and query, drops the fragment", () => {
    expect(safeCallbackPath("/clients?page=2#top", APP)).toBe("/clients?page=2");
    expect(safeCallbackPath("https://control.example.test/dns/zones?x=1", APP)).toBe("/dns/zones?x=1");
    expect(safeCallbackPath("services", APP)).toBe("/services");
  });
});
