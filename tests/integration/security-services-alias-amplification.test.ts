import type Docker from "dockerode";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type TestContext } from "vitest";
import { installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { docker, LOCAL_HOST } from "@/lib/docker/connection";
import { dockerEventStreamConnected } from "@/lib/docker/event-stream";
import { db, type Database } from "@/lib/db";
import { requireDocker } from "../support/services-fixtures";

// Alias amplification (issue 10, item 13): one GraphQL request with many aliases of `services`
// must cost one Docker list per request, not one per alias. Counted on the real engine
// connection (a pass-through spy on dockerode's listContainers, which every list goes through).
describe("services aliases in one request", () => {
  let d: Database | null = null;
  let devToken: string, adminToken: string;
  let lists: Docker.ContainerListOptions[] = [];
  const aliases = (n: number, field: string) =>
    `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }`;
  const ready = (ctx: TestContext) => {
    if (!d) ctx.skip();
  };

  beforeAll(async () => {
    if (!(await requireDocker())) return;
    d = await installFreshDatabase("postgres");
    if (!d) return;
    const a = await db().client.create({ data: { name: "Lima SA", domain: "lima.test", status: "active" } });
    const b = await db().client.create({ data: { name: "Mike BV", domain: "mike.test", status: "active" } });
    devToken = await tokenFor(await createUserActor({ globalRoles: ["DEVELOPER"] }));
    adminToken = await tokenFor(
      await createUserActor({
        clients: [
          { clientId: a.id, role: "admin" },
          { clientId: b.id, role: "admin" },
        ],
      }),
    );
    // The first services query starts the event stream, which lists once after it connects (it
    // reports connected after that list): let that happen before counting.
    await graphqlRequest("{ services { id } }", { token: devToken });
    for (let i = 0; i < 100 && !dockerEventStreamConnected(LOCAL_HOST); i++)
      await new Promise((r) => setTimeout(r, 50));
    const engine = docker(LOCAL_HOST);
    const real = engine.listContainers.bind(engine);
    vi.spyOn(engine, "listContainers").mockImplementation(((opts?: Docker.ContainerListOptions) => {
      // the stats sampler lists running containers only (no `all`): not a services list
      if (opts?.all) lists.push(opts);
      return real(opts);
    }) as typeof engine.listContainers);
  });
  afterEach(() => {
    lists = [];
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await d?.close();
  });

  it("15 aliases (the most GRAPHQL_MAX_ALIASES allows by default) of services { id } make one Docker list", async (ctx) => {
    ready(ctx);
    const res = await graphqlRequest(aliases(15, "services { id status }"), { token: devToken });
    expect(res.errors).toBeUndefined();
    expect(Object.keys(res.data ?? {})).toHaveLength(15);
    expect(lists).toHaveLength(1);
  });

  it("aliases with different filters share the list too; a client admin of two clients costs one list per client", async (ctx) => {
    ready(ctx);
    const mixed = `{ ${Array.from({ length: 7 }, (_, i) => `a${i}: services(filter: { search: "x${i}" }) { id } b${i}: services { id }`).join(" ")} }`;
    expect((await graphqlRequest(mixed, { token: devToken })).errors).toBeUndefined();
    expect(lists).toHaveLength(1);
    lists = [];
    expect((await graphqlRequest(aliases(15, "services { id }"), { token: adminToken })).errors).toBeUndefined();
    expect(lists).toHaveLength(2); // Docker ANDs label filters: one labelled list per client
  });

  it("the next request lists again (the memo lives as long as one request)", async (ctx) => {
    ready(ctx);
    await graphqlRequest("{ services { id } }", { token: devToken });
    await graphqlRequest("{ services { id } }", { token: devToken });
    expect(lists).toHaveLength(2);
  });
});
