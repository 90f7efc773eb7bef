import { describe, expect, vi } from "vitest";
import { servicesTest as it, type ServicesWorld } from "../support/fixtures";
import { createUserActor } from "../support/actors";
import { APP_ORIGIN, graphqlRequest, tokenFor } from "../support/graphql";
import { dockerEventStreamConnected } from "@/lib/docker/event-stream";
import { ensureLiveServices } from "@/lib/services/scope";
import { POST } from "@/app/api/graphql/route";
import { createTicker, rawDocker, stateOf } from "../support/services-fixtures";
import { nextRequest } from "../support/next/headers";

// A user of client A never sees client B's containers through any door: GraphQL query,
// mutation and subscription, the Services pages and the server action; B's container id is
// NOT_FOUND everywhere. The subscription also shows a real `docker stop` of A's container
// arriving within seconds. Pages and actions read next/headers: we hand them this test's headers.
vi.mock("next/headers", () => import("../support/next/headers"));
vi.mock("next/navigation", () => import("../support/next/navigation"));

describe("services tenant isolation", () => {
  let w: ServicesWorld | null = null;
  let prefix: string;
  let aliceToken: string, carolToken: string;
  let a1: string, b1: string;

  it.beforeAll(async ({ world }) => {
    if (!(w = world)) return;
    prefix = w.prefix;
    const a = w.alpha;
    const b = w.bravo;
    aliceToken = await tokenFor(await createUserActor({ name: "alice", clients: [{ clientId: a.id, role: "user" }] }));
    carolToken = await tokenFor(await createUserActor({ name: "carol", clients: [{ clientId: a.id, role: "admin" }] }));
    nextRequest.headers = new Headers({ authorization: `Bearer ${carolToken}`, "x-forwarded-for": "198.51.100.20" });
    a1 = await createTicker(`${prefix}alpha-web`, { clientId: a.id });
    b1 = await createTicker(`${prefix}bravo-web`, { clientId: b.id });
  });

  it("query: services lists only A's container; service(B's id) is NOT_FOUND", async ({ skip }) => {
    if (!w) return skip();
    const list = await graphqlRequest(`query($f: ServiceFilter) { services(filter: $f) { id name status } }`, {
      token: aliceToken,
      variables: { f: { search: prefix } },
    });
    expect(list.errors).toBeUndefined();
    expect(list.data?.services).toEqual([{ id: a1, name: `${prefix}alpha-web`, status: "RUNNING" }]);
    const other = await graphqlRequest(`query($id: ID!) { service(id: $id) { id name logs } }`, {
      token: aliceToken,
      variables: { id: b1 },
    });
    expect(other.codes).toEqual(["NOT_FOUND"]);
    expect(JSON.stringify(other)).not.toContain("bravo");
    const byShortId = await graphqlRequest(`query($id: ID!) { service(id: $id) { id } }`, {
      token: aliceToken,
      variables: { id: b1.slice(0, 12) },
    });
    expect(byShortId.codes).toEqual(["NOT_FOUND"]);
    const own = await graphqlRequest(`query($id: ID!) { service(id: $id) { name logs(tail: 5) } }`, {
      token: aliceToken,
      variables: { id: a1 },
    });
    expect(own.data?.service).toMatchObject({ name: `${prefix}alpha-web` });
  });

  it("mutation: stopService on B's container is NOT_FOUND for A's user and A's admin; B keeps running", async ({
    skip,
  }) => {
    if (!w) return skip();
    for (const token of [aliceToken, carolToken]) {
      const res = await graphqlRequest(`mutation($id: ID!) { stopService(id: $id, timeout: 1) { id status } }`, {
        token,
        variables: { id: b1 },
      });
      expect(res.codes).toEqual(["NOT_FOUND"]);
    }
    expect(await stateOf(b1)).toBe("running");
    // A's user sees its own service but may not stop it; A's admin may.
    const denied = await graphqlRequest(`mutation($id: ID!) { stopService(id: $id) { id } }`, {
      token: aliceToken,
      variables: { id: a1 },
    });
    expect(denied.codes).toEqual(["FORBIDDEN"]);
    const restarted = await graphqlRequest(`mutation($id: ID!) { restartService(id: $id, timeout: 2) { id status } }`, {
      token: carolToken,
      variables: { id: a1 },
    });
    expect(restarted.data?.restartService).toEqual({ id: a1, status: "RUNNING" });
  });

  it("subscription: a real docker stop of A's container arrives within seconds; B's never does", async ({ skip }) => {
    if (!w) return skip();
    ensureLiveServices();
    for (let i = 0; i < 50 && !dockerEventStreamConnected("local"); i++) await new Promise((r) => setTimeout(r, 100));
    expect(dockerEventStreamConnected("local")).toBe(true);
    const abort = new AbortController();
    const res = await POST(
      new Request(`${APP_ORIGIN}/api/graphql`, {
        method: "POST",
        signal: abort.signal,
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          authorization: `Bearer ${aliceToken}`,
        },
        body: JSON.stringify({ query: "subscription { serviceStatusChanged { id name status } }" }),
      }),
    );
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = "";
    let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
    const readUntil = async (done: () => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      while (!done() && Date.now() < deadline) {
        pending ??= reader.read();
        const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), 100))]);
        if (chunk) {
          pending = null;
          if (chunk.value) text += new TextDecoder().decode(chunk.value);
        }
      }
    };
    await readUntil(() => false, 500); // the subscription registers asynchronously
    await rawDocker.getContainer(b1).stop({ t: 5 });
    const started = Date.now();
    await rawDocker.getContainer(a1).stop({ t: 5 });
    await readUntil(() => text.includes(`"status":"STOPPED"`), 5000);
    const elapsed = Date.now() - started;
    await readUntil(() => false, 300); // anything of B's would have arrived by now
    abort.abort();
    expect(text).toContain(`{"id":"${a1}","name":"${prefix}alpha-web","status":"STOPPED"}`);
    expect(elapsed).toBeLessThan(5000);
    expect(text).not.toContain(b1);
    expect(text).not.toContain("bravo");

    const direct = await POST(
      new Request(`${APP_ORIGIN}/api/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          authorization: `Bearer ${aliceToken}`,
        },
        body: JSON.stringify({ query: `subscription { serviceStatusChanged(filter: { id: "${b1}" }) { id } }` }),
      }),
    );
    const body = await direct.text();
    expect(body).toContain("NOT_FOUND");
    expect(body).not.toContain("bravo");
  });

  it("pages: the Services list shows A's container only; B's detail page is a 404", async ({ skip }) => {
    if (!w) return skip();
    const { default: ServicesPage } = await import("@/app/(console)/services/page");
    const list = textOf(await ServicesPage({ searchParams: Promise.resolve({ q: prefix }) }));
    expect(list).toContain(`${prefix}alpha-web`);
    expect(list).not.toContain("bravo");
    const { default: ServicePage } = await import("@/app/(console)/services/[id]/page");
    await expect(ServicePage({ params: Promise.resolve({ id: b1 }) })).rejects.toThrow(/404/);
    const own = textOf(await ServicePage({ params: Promise.resolve({ id: a1 }) }));
    expect(own).toContain(`${prefix}alpha-web`);
    expect(own).toContain("local/busybox:1");
  });

  it("server action: A's admin starts A's service; B's is NOT_FOUND and keeps its state", async ({ skip }) => {
    if (!w) return skip();
    const { serviceControlAction } = await import("@/app/(console)/services/[id]/actions");
    expect(await serviceControlAction(a1, "start")).toEqual({ status: "RUNNING" });
    const before = await stateOf(b1);
    expect((await serviceControlAction(b1, "start")).error).toMatch(/^NOT_FOUND/);
    expect(await stateOf(b1)).toBe(before);
  });
});

/** Every string in a server component's element tree (what the page would print). */
function textOf(node: unknown): string {
  if (node == null || typeof node === "boolean") return "";
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join(" ");
  if (typeof node === "object" && "props" in node) {
    const props = (node as { props: Record<string, unknown> }).props;
    return [props.children, props.name].map(textOf).join(" ");
  }
  return "";
}
