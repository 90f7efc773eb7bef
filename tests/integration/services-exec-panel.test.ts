import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { tokenFor } from "../support/graphql";
import { db, type Database } from "@/lib/db";
import { createTicker, removeByPrefix, requireDocker, runPrefix } from "./services-fixtures";

// The service page offers the exec panel to DEVELOPER and SUPER_ADMIN only (the domain refuses
// everyone else anyway, see services-exec.test.ts), and only while the service runs. The page
// reads the request through next/headers: this test hands it a bearer token per role.
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined }) }));
vi.mock("next/navigation", () => ({
  notFound: () => { throw Object.assign(new Error("NEXT_HTTP_ERROR_FALLBACK;404"), { digest: "NEXT_HTTP_ERROR_FALLBACK;404" }); },
  redirect: (url: string) => { throw Object.assign(new Error(`NEXT_REDIRECT;${url}`), { digest: `NEXT_REDIRECT;${url}` }); },
  useRouter: () => ({ refresh: () => undefined }),
}));

/** Whether a server component tree contains an element of this component. */
function contains(node: unknown, type: unknown): boolean {
  if (node == null || typeof node !== "object") return false;
  if (Array.isArray(node)) return node.some((n) => contains(n, type));
  const el = node as { type?: unknown; props?: { children?: unknown } };
  return el.type === type || contains(el.props?.children, type);
}

describe("exec panel on the service page (postgres)", () => {
  const prefix = runPrefix();
  let d: Database | null = null;
  let ok = false;
  const tokens: Record<string, string> = {};
  let running: string, stopped: string;

  beforeAll(async () => {
    ok = await requireDocker();
    if (!ok) return;
    d = await installFreshDatabase("postgres");
    if (!d) return;
    const client = await db().client.create({ data: { name: "Kilo", domain: "kilo.test", status: "active" } });
    tokens.SUPER_ADMIN = await tokenFor(await createUserActor({ globalRoles: ["SUPER_ADMIN"] }));
    tokens.DEVELOPER = await tokenFor(await createUserActor({ globalRoles: ["DEVELOPER"] }));
    tokens.CLIENT_ADMIN = await tokenFor(await createUserActor({ clients: [{ clientId: client.id, role: "admin" }] }));
    tokens.CLIENT_USER = await tokenFor(await createUserActor({ clients: [{ clientId: client.id, role: "user" }] }));
    running = await createTicker(`${prefix}kilo-web`, { clientId: client.id });
    stopped = await createTicker(`${prefix}kilo-db`, { clientId: client.id, start: false });
  }, 60_000);
  afterAll(async () => {
    if (ok) await removeByPrefix(prefix);
    await d?.close();
  });

  it("shows it to DEVELOPER and SUPER_ADMIN on a running service; never to client roles", async (context) => {
    if (!d) return context.skip();
    const { default: ServicePage } = await import("@/app/(console)/services/[id]/page");
    const { ExecPanel } = await import("@/app/(console)/services/[id]/exec-panel");
    const { UsageSparkline } = await import("@/app/(console)/services/[id]/usage-sparkline");
    const shown: Record<string, [boolean, boolean]> = {};
    for (const [role, token] of Object.entries(tokens)) {
      requestHeaders = new Headers({ authorization: `Bearer ${token}`, "x-forwarded-for": "198.51.100.30" });
      const onRunning = await ServicePage({ params: Promise.resolve({ id: running }) });
      const onStopped = await ServicePage({ params: Promise.resolve({ id: stopped }) });
      expect(contains(onRunning, UsageSparkline)).toBe(true);
      shown[role] = [contains(onRunning, ExecPanel), contains(onStopped, ExecPanel)];
    }
    expect(shown).toEqual({ SUPER_ADMIN: [true, false], DEVELOPER: [true, false], CLIENT_ADMIN: [false, false], CLIENT_USER: [false, false] });
  }, 60_000);
});
