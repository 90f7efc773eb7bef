import { describe, expect, vi } from "vitest";
import { servicesTest as it, type ServicesWorld } from "../support/fixtures";
import { createUserActor } from "../support/actors";
import { tokenFor } from "../support/graphql";
import { db } from "@/lib/db";
import { createTicker } from "../support/services-fixtures";
import { nextRequest } from "../support/next/headers";

// The service page offers the exec panel to DEVELOPER and SUPER_ADMIN only (the domain refuses
// everyone else anyway, see services-exec.test.ts), and only while the service runs. The page
// reads the request through next/headers: this test hands it a bearer token per role.
vi.mock("next/headers", () => import("../support/next/headers"));
vi.mock("next/navigation", () => import("../support/next/navigation"));

/** Whether a server component tree contains an element of this component. */
function contains(node: unknown, type: unknown): boolean {
  if (node == null || typeof node !== "object") return false;
  if (Array.isArray(node)) return node.some((n) => contains(n, type));
  const el = node as { type?: unknown; props?: { children?: unknown } };
  return el.type === type || contains(el.props?.children, type);
}

describe("exec panel on the service page (postgres)", () => {
  let w: ServicesWorld | null = null;
  let prefix: string;
  const tokens: Record<string, string> = {};
  let running: string, stopped: string;

  it.beforeAll(async ({ world }) => {
    if (!(w = world)) return;
    prefix = w.prefix;
    const client = await db().client.create({ data: { name: "Kilo", domain: "kilo.test", status: "active" } });
    tokens.SUPER_ADMIN = await tokenFor(await createUserActor({ globalRoles: ["SUPER_ADMIN"] }));
    tokens.DEVELOPER = await tokenFor(await createUserActor({ globalRoles: ["DEVELOPER"] }));
    tokens.CLIENT_ADMIN = await tokenFor(await createUserActor({ clients: [{ clientId: client.id, role: "admin" }] }));
    tokens.CLIENT_USER = await tokenFor(await createUserActor({ clients: [{ clientId: client.id, role: "user" }] }));
    running = await createTicker(`${prefix}kilo-web`, { clientId: client.id });
    stopped = await createTicker(`${prefix}kilo-db`, { clientId: client.id, start: false });
  }, 60_000);

  it("shows it to DEVELOPER and SUPER_ADMIN on a running service; never to client roles", async ({ skip }) => {
    if (!w) return skip();
    const { default: ServicePage } = await import("@/app/(console)/services/[id]/page");
    const { ExecPanel } = await import("@/app/(console)/services/[id]/exec-panel");
    const { UsageSparkline } = await import("@/app/(console)/services/[id]/usage-sparkline");
    const shown: Record<string, [boolean, boolean]> = {};
    for (const [role, token] of Object.entries(tokens)) {
      nextRequest.headers = new Headers({ authorization: `Bearer ${token}`, "x-forwarded-for": "198.51.100.30" });
      const onRunning = await ServicePage({ params: Promise.resolve({ id: running }) });
      const onStopped = await ServicePage({ params: Promise.resolve({ id: stopped }) });
      expect(contains(onRunning, UsageSparkline)).toBe(true);
      shown[role] = [contains(onRunning, ExecPanel), contains(onStopped, ExecPanel)];
    }
    expect(shown).toEqual({
      SUPER_ADMIN: [true, false],
      DEVELOPER: [true, false],
      CLIENT_ADMIN: [false, false],
      CLIENT_USER: [false, false],
    });
  }, 60_000);
});
