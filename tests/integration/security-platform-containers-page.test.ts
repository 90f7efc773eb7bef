import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi, type TestContext } from "vitest";
import { installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { tokenFor } from "../support/graphql";
import { safeCreateContainer } from "@/lib/docker/safe-create";
import { type Database } from "@/lib/db";
import { rawDocker, requireDocker, TEST_IMAGE, TICK } from "../support/services-fixtures";
import { nextRequest } from "../support/next/headers";

// The service page offers only the controls that work (ADR 026): on a platform container (no
// securenexus.managed label) a DEVELOPER gets no start/stop/restart buttons and no exec panel; a
// SUPER_ADMIN gets the buttons (the step-up dialog asks on use) but no exec panel while
// ALLOW_PLATFORM_EXEC is off. On a managed container both keep what they had. The list marks
// platform rows. The page reads the request through next/headers: a bearer token per role.
vi.mock("next/headers", () => import("../support/next/headers"));
vi.mock("next/navigation", () => import("../support/next/navigation"));

type El = { type?: unknown; key?: string | null; props?: Record<string, unknown> & { children?: unknown } };
/** Every element of this component (or with this data-testid) in a server component tree. */
function find(node: unknown, match: (el: El) => boolean, out: El[] = []): El[] {
  if (node == null || typeof node !== "object") return out;
  if (Array.isArray(node)) {
    for (const n of node) find(n, match, out);
    return out;
  }
  const el = node as El;
  if (match(el)) out.push(el);
  return find(el.props?.children, match, out);
}

describe("service page and list on platform containers", () => {
  const run = `sec-containers-${crypto.randomBytes(4).toString("hex")}`;
  const LABEL = { "securenexus.test": run };
  let d: Database | null = null;
  const tokens: Record<string, string> = {};
  let platform: string, managed: string;
  const ready = (ctx: TestContext) => {
    if (!d) ctx.skip();
  };
  const as = (role: string) => {
    nextRequest.headers = new Headers({ authorization: `Bearer ${tokens[role]}`, "x-forwarded-for": "198.51.100.31" });
  };

  beforeAll(async () => {
    if (!(await requireDocker())) return;
    d = await installFreshDatabase("postgres");
    if (!d) return;
    tokens.SUPER_ADMIN = await tokenFor(await createUserActor({ globalRoles: ["SUPER_ADMIN"] }));
    tokens.DEVELOPER = await tokenFor(await createUserActor({ globalRoles: ["DEVELOPER"] }));
    const c = await rawDocker.createContainer({ name: `${run}-redis`, Image: TEST_IMAGE, Cmd: TICK, Labels: LABEL });
    await c.start();
    platform = c.id;
    managed = (
      await safeCreateContainer({
        clientId: null,
        serviceType: "website",
        spec: { name: `${run}-managed`, Image: TEST_IMAGE, Cmd: TICK, Labels: LABEL },
      })
    ).containerId;
    await rawDocker.getContainer(managed).start();
  }, 60_000);
  afterAll(async () => {
    const mine = await rawDocker.listContainers({ all: true, filters: { label: [`securenexus.test=${run}`] } });
    await Promise.all(mine.map((x) => rawDocker.getContainer(x.Id).remove({ force: true })));
    await d?.close();
  });

  it("offers start/stop/restart and exec only where they work", async (ctx) => {
    ready(ctx);
    const { default: ServicePage } = await import("@/app/(console)/services/[id]/page");
    const { ExecPanel } = await import("@/app/(console)/services/[id]/exec-panel");
    const { ServiceActions } = await import("@/app/(console)/services/[id]/service-actions");
    const offered: Record<string, { actions: unknown; exec: boolean }> = {};
    for (const role of ["SUPER_ADMIN", "DEVELOPER"]) {
      as(role);
      for (const [kind, id] of [
        ["platform", platform],
        ["managed", managed],
      ] as const) {
        const tree = await ServicePage({ params: Promise.resolve({ id }) });
        offered[`${role} ${kind}`] = {
          actions: find(tree, (e) => e.type === ServiceActions)[0]?.props?.allowed,
          exec: find(tree, (e) => e.type === ExecPanel).length > 0,
        };
      }
    }
    const all = ["start", "stop", "restart"];
    expect(offered).toEqual({
      "SUPER_ADMIN platform": { actions: all, exec: false },
      "SUPER_ADMIN managed": { actions: all, exec: true },
      "DEVELOPER platform": { actions: [], exec: false },
      "DEVELOPER managed": { actions: all, exec: true },
    });
  }, 60_000);

  it("the list marks platform rows", async (ctx) => {
    ready(ctx);
    const { default: ServicesPage } = await import("@/app/(console)/services/page");
    as("DEVELOPER");
    const tree = await ServicesPage({ searchParams: Promise.resolve({ q: run }) });
    const rows = find(tree, (e) => e.props?.["data-testid"] === "service-row");
    expect(rows).toHaveLength(2);
    const marked = rows.map((r) => [
      String(r.key),
      find(r.props?.children, (e) => e.props?.["data-testid"] === "service-row-platform").length,
    ]);
    expect(Object.fromEntries(marked)).toEqual({ [platform]: 1, [managed]: 0 });
  }, 60_000);
});
