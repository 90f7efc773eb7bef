import { describe, expect, it } from "vitest";
import {
  DEFAULT_GROUP_MAPPING,
  groupsFromClaim,
  mapGroups,
  parseGroupMapping,
  type MappedRoles,
} from "@/lib/identity/group-pattern-match";
import { parseConfig } from "@/lib/config";

const none: MappedRoles = { globalRoles: [], clientMemberships: [] };

describe("mapGroups with the default mapping", () => {
  it.each<[string, string[], MappedRoles]>([
    ["no groups", [], none],
    ["unrelated groups", ["staff", "authentik Admins", "Admin"], none],
    ["admin", ["admin"], { globalRoles: ["SUPER_ADMIN"], clientMemberships: [] }],
    ["developers", ["developers"], { globalRoles: ["DEVELOPER"], clientMemberships: [] }],
    [
      "both global roles, in role order",
      ["developers", "admin", "admin"],
      { globalRoles: ["SUPER_ADMIN", "DEVELOPER"], clientMemberships: [] },
    ],
    [
      "client admins",
      ["client-acme.example-admins"],
      { globalRoles: [], clientMemberships: [{ domain: "acme.example", role: "admin" }] },
    ],
    [
      "client users, domain lower-cased",
      ["client-Shop.Example-users"],
      { globalRoles: [], clientMemberships: [{ domain: "shop.example", role: "user" }] },
    ],
    [
      "admin wins over user for one client",
      ["client-a.test-users", "client-a.test-admins"],
      { globalRoles: [], clientMemberships: [{ domain: "a.test", role: "admin" }] },
    ],
    [
      "several clients, sorted by domain",
      ["client-z.test-users", "client-b.test-admins", "developers"],
      {
        globalRoles: ["DEVELOPER"],
        clientMemberships: [
          { domain: "b.test", role: "admin" },
          { domain: "z.test", role: "user" },
        ],
      },
    ],
    [
      "a domain with characters no domain has is ignored",
      ["client-a b-users", "client--users", "client-x/y-admins"],
      none,
    ],
  ])("%s", (_name, groups, expected) => {
    expect(mapGroups(groups, DEFAULT_GROUP_MAPPING)).toEqual(expected);
  });
});

describe("mapGroups with a custom mapping", () => {
  const mapping = parseGroupMapping(
    '{"ops":"SUPER_ADMIN","tenant:{domain}:owner":"CLIENT_ADMIN","{domain}-viewers":"CLIENT_USER"}',
  );
  it.each<[string[], MappedRoles]>([
    [["ops"], { globalRoles: ["SUPER_ADMIN"], clientMemberships: [] }],
    [["admin", "developers"], none],
    [
      ["tenant:acme.test:owner", "blog.test-viewers"],
      {
        globalRoles: [],
        clientMemberships: [
          { domain: "acme.test", role: "admin" },
          { domain: "blog.test", role: "user" },
        ],
      },
    ],
  ])("%j", (groups, expected) => expect(mapGroups(groups, mapping)).toEqual(expected));
});

describe("parseGroupMapping", () => {
  it.each([
    ["not json", "must be JSON"],
    ['{"admin":"ROOT"}', "Invalid option"],
    ['{"client-admins":"CLIENT_ADMIN"}', "needs exactly one {domain}"],
    ['{"x-{domain}-{domain}":"CLIENT_USER"}', "needs exactly one {domain}"],
    ['{"admins-{domain}":"SUPER_ADMIN"}', "global role"],
    ['["admin"]', "expected record"],
  ])("rejects %s", (json, message) => {
    expect(() => parseGroupMapping(json)).toThrow(message);
  });
});

describe("groupsFromClaim", () => {
  it.each<[unknown, string[]]>([
    [
      ["a", "b"],
      ["a", "b"],
    ],
    ["a", ["a"]],
    [undefined, []],
    [[1, "a", null], ["a"]],
    [{ a: 1 }, []],
  ])("%j → %j", (claim, expected) => expect(groupsFromClaim(claim)).toEqual(expected));
});

describe("OIDC_GROUP_MAPPING at start", () => {
  const env = { NODE_ENV: "test", DATA_DIR: "/tmp/snx-unit-mapping", NEXTAUTH_SECRET: "x".repeat(32) } as const;
  it("stops the start naming the variable when the mapping is bad", () => {
    expect(() => parseConfig({ ...env, OIDC_GROUP_MAPPING: '{"admin":"ROOT"}' })).toThrow(/OIDC_GROUP_MAPPING/);
  });
  it("accepts a good mapping", () => {
    expect(parseConfig({ ...env, OIDC_GROUP_MAPPING: '{"admin":"SUPER_ADMIN"}' }).OIDC_GROUP_MAPPING).toBe(
      '{"admin":"SUPER_ADMIN"}',
    );
  });
});
