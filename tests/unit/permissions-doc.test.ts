import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { schema } from "@/graphql/schema";
import { OPERATIONS } from "@/lib/auth/operations";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { renderPermissionsDoc } from "@/lib/auth/permissions-doc";
import { actionOfRow, rootFieldsOf, serverActions } from "../support/doors";

// lib/auth/operations.ts names what every door needs; this keeps it and the printed page honest.

describe("the operation table covers every door", () => {
  const rows = Object.keys(OPERATIONS);

  it("every GraphQL root field has a row, and every field row names a field that exists", () => {
    const fields = rootFieldsOf(schema);
    const missing = fields.filter((f) => !(f in OPERATIONS));
    expect(missing, `root fields without a row in lib/auth/operations.ts: ${missing.join(", ")}`).toEqual([]);
    const stale = rows.filter((k) => !k.startsWith("action:") && !fields.includes(k));
    expect(stale, "rows for fields the schema no longer has").toEqual([]);
  });

  it("every exported server action has a row, and every action row names one that exists", () => {
    const actions = serverActions();
    expect(actions.length).toBeGreaterThan(40);
    const covered = new Set(rows.filter((k) => k.startsWith("action:")).map(actionOfRow));
    const missing = actions.filter((a) => !covered.has(a));
    expect(missing, `server actions without a row in lib/auth/operations.ts: ${missing.join(", ")}`).toEqual([]);
    const stale = [...covered].filter((a) => !actions.includes(a));
    expect(stale, "rows for server actions that no longer exist").toEqual([]);
  });

  it("names only known permissions; allWith only on own-account rows", () => {
    for (const [key, op] of Object.entries(OPERATIONS)) {
      if (op.needs !== "public" && op.needs !== "signed-in") expect(op.needs in PERMISSIONS, key).toBe(true);
      if (op.allWith) expect([op.scope, op.allWith in PERMISSIONS], key).toEqual(["own", true]);
    }
  });
});

describe("docs/security/permissions.md", () => {
  it("is what `npm run docs:permissions` prints from the tables (run it after changing them)", () => {
    const committed = fs.readFileSync(path.resolve(__dirname, "../../docs/security/permissions.md"), "utf8");
    expect(committed, "docs/security/permissions.md is stale: run `npm run docs:permissions`").toBe(
      renderPermissionsDoc(),
    );
  });

  it("shows each permission's roles and each door's permission", () => {
    const doc = renderPermissionsDoc();
    expect(doc).toContain("| `client:delete` | ✓ |  |  |  |");
    expect(doc).toMatch(/\| `Mutation\.deleteClient` \| `client:delete` \| SUPER_ADMIN \| one client \| yes \|/);
    expect(doc).toMatch(
      /\| `app\/\(console\)\/dns\/actions\.ts#createRecordAction` \| `dns:write` \| SUPER_ADMIN, CLIENT_ADMIN \| one client \|/,
    );
  });
});
