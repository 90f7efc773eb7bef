import { describe, expect, it } from "vitest";
import { makeActor, canOnClient, clientScope } from "@/lib/auth/actor";
import { PERMISSIONS, ROLES, permissionsOf, type Permission, type Role } from "@/lib/auth/permissions";

// The whole role × permission table, written out independently of lib/auth/permissions.ts so a
// change to either side shows up here as a reviewed diff. "x" = the role holds the permission.
const TABLE: Record<Permission, string> = {
  //                 SA CA CU DEV
  "system:read": "x  x  x  x",
  "audit:read": "x  x  x  x",
  "audit:read:all": "x  .  .  x",
  "audit:export": "x  x  .  x",
  "client:read": "x  x  x  x",
  "client:create": "x  .  .  .",
  "client:update": "x  x  .  .",
  "client:domain:update": "x  .  .  .",
  "client:delete": "x  .  .  .",
  "client:suspend": "x  .  .  .",
  "client:users:manage": "x  x  .  .",
  "client:provision": "x  .  .  .",
  "service:read": "x  x  x  x",
  "service:start": "x  x  .  x",
  "service:stop": "x  x  .  x",
  "service:restart": "x  x  .  x",
  "service:logs": "x  x  x  x",
  "container:exec": "x  .  .  x",
  "platform:control": "x  .  .  .",
  "platform:exec": "x  .  .  .",
  "image:read": "x  .  .  x",
  "image:pull": "x  .  .  x",
  "image:prune": "x  .  .  .",
  "network:read": "x  .  .  x",
  "network:write": "x  .  .  .",
  "volume:read": "x  .  .  x",
  "volume:write": "x  .  .  .",
  "script:execute": "x  .  .  x",
  "user:read": "x  x  .  x",
  "user:create": "x  x  .  .",
  "user:update": "x  x  .  .",
  "user:delete": "x  .  .  .",
  "user:devices": "x  .  .  .",
  "group:read": "x  .  .  x",
  "group:write": "x  .  .  .",
  "role-mapping:read": "x  .  .  .",
  "role-mapping:write": "x  .  .  .",
  "admin:manage": "x  .  .  .",
  "token:manage-own": "x  x  x  x",
  "monitoring:read": "x  x  x  x",
  "alert:manage": "x  .  .  x",
  "backup:read": "x  x  x  x",
  "backup:create": "x  x  .  .",
  "backup:restore": "x  .  .  .",
  "dns:read": "x  x  x  x",
  "dns:write": "x  x  .  .",
  "dns:zone:write": "x  .  .  .",
  "settings:read": "x  .  .  x",
  "settings:write": "x  .  .  .",
};
const COLUMNS: Role[] = ["SUPER_ADMIN", "CLIENT_ADMIN", "CLIENT_USER", "DEVELOPER"];

describe("role × permission table", () => {
  it("lists every permission of lib/auth/permissions.ts", () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  const cells = Object.entries(TABLE).flatMap(([perm, row]) =>
    row.split(/\s+/).map((mark, i) => ({ perm: perm as Permission, role: COLUMNS[i]!, allowed: mark === "x" })),
  );
  it.each(cells)("$role / $perm → $allowed", ({ perm, role, allowed }) => {
    expect(permissionsOf([role]).has(perm)).toBe(allowed);
  });

  it("never lets a role destroy what it may not read", () => {
    for (const role of ROLES) {
      const held = permissionsOf([role]);
      if (held.has("client:delete")) expect(held.has("client:read")).toBe(true);
      if (held.has("backup:restore")) expect(held.has("backup:read")).toBe(true);
      if (held.has("dns:write")) expect(held.has("dns:read")).toBe(true);
    }
  });
});

describe("client roles hold only for their own clients", () => {
  const actor = makeActor({
    userId: "u1",
    username: "alice",
    globalRoles: [],
    via: "session",
    clientRoles: [
      { clientId: "A", role: "CLIENT_ADMIN" },
      { clientId: "B", role: "CLIENT_USER" },
    ],
  });

  it("applies each client's role to that client only", () => {
    expect(canOnClient(actor, "service:restart", "A")).toBe(true);
    expect(canOnClient(actor, "service:restart", "B")).toBe(false);
    expect(canOnClient(actor, "service:read", "B")).toBe(true);
    expect(canOnClient(actor, "service:read", "C")).toBe(false);
    expect(clientScope(actor, "service:restart")).toEqual(["A"]);
    expect(clientScope(actor, "client:read")).toEqual(["A", "B"]);
  });

  it("ignores client roles smuggled in as global roles", () => {
    const sneaky = makeActor({
      userId: "u2",
      username: "eve",
      globalRoles: ["CLIENT_ADMIN" as Role],
      clientRoles: [],
      via: "token",
    });
    expect(sneaky.roles).toEqual([]);
    expect(clientScope(sneaky, "client:read")).toEqual([]);
  });

  it("gives global roles every client", () => {
    const dev = makeActor({
      userId: "u3",
      username: "dev",
      globalRoles: ["DEVELOPER"],
      clientRoles: [],
      via: "session",
    });
    expect(clientScope(dev, "client:read")).toBe("all");
    expect(canOnClient(dev, "client:delete", "A")).toBe(false);
  });
});
