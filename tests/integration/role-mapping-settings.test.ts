import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { textOf } from "../support/element-text";
import type { Actor } from "@/lib/auth/actor";
import { db, type Database } from "@/lib/db";
import { createUserActor } from "../support/actors";
import { installFreshDatabase } from "../support/db";
import { tokenFor } from "../support/graphql";
import { nextRequest } from "../support/next/headers";

// Settings → Roles mapping through the page and its server actions (the browser's doors).
vi.mock("next/headers", () => import("../support/next/headers"));
vi.mock("next/cache", () => import("../support/next/cache"));
const bearer = async (actor: Actor) =>
  (nextRequest.headers = new Headers({
    authorization: `Bearer ${await tokenFor(actor)}`,
    "x-forwarded-for": "198.51.100.41",
  }));

describe("Settings → Roles mapping (postgres)", () => {
  let d: Database | null;
  let admin: Actor, dev: Actor;
  beforeAll(async () => {
    d = await installFreshDatabase("postgres");
    if (!d) return;
    admin = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    dev = await createUserActor({ globalRoles: ["DEVELOPER"] });
  });
  afterAll(async () => d?.close());

  it("a SUPER_ADMIN sees the mapping in force and edits it; others see no section and are refused", async (context) => {
    if (!d) return context.skip();
    const { default: SettingsPage } = await import("@/app/(console)/settings/page");
    const { setRoleMappingAction, deleteRoleMappingAction } =
      await import("@/app/(console)/settings/role-mapping-actions");
    await bearer(admin);
    const page = textOf(await SettingsPage());
    expect(page).toContain("Roles mapping"); // the list itself is a client component (role-mapping.tsx)
    expect(await setRoleMappingAction("ops", "DEVELOPER")).toEqual({ ok: "Group “ops” → DEVELOPER" });
    expect((await setRoleMappingAction("client-users", "CLIENT_USER")).error).toMatch(/\{domain\}/);
    expect(await deleteRoleMappingAction("developers")).toEqual({ ok: "Mapping for “developers” removed" });
    expect((await db().groupRoleMapping.findMany({ orderBy: { pattern: "asc" } })).map((r) => r.pattern)).toEqual([
      "admin",
      "client-{domain}-admins",
      "client-{domain}-users",
      "ops",
    ]);

    await bearer(dev);
    expect(textOf(await SettingsPage())).not.toContain("Roles mapping");
    expect((await setRoleMappingAction("everyone", "SUPER_ADMIN")).error).toMatch(/role-mapping:write/);
    expect(await db().groupRoleMapping.count({ where: { pattern: "everyone" } })).toBe(0);
  });
});
