import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { textOf } from "../support/element-text";
import { installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { APP_ORIGIN, graphqlRequest, tokenFor } from "../support/graphql";
import { db, type Database } from "@/lib/db";
import { events } from "@/lib/events";
import { POST } from "@/app/api/graphql/route";
import { nextRequest } from "../support/next/headers";

// A CLIENT_USER of client A must not see client B through any door that exists: GraphQL query,
// subscription, page (server component) and server action. Pages and actions read the request
// through next/headers, which only exists inside Next: we hand them this test's headers.
vi.mock("next/headers", () => import("../support/next/headers"));
vi.mock("next/navigation", () => import("../support/next/navigation"));

describe("clients tenant isolation", () => {
  let d: Database | null;
  let a: { id: string; name: string }, b: { id: string; name: string };
  let aliceToken: string;

  beforeAll(async () => {
    d = await installFreshDatabase("postgres");
    if (!d) return;
    a = await db().client.create({ data: { name: "Alpha Ltd", domain: "alpha.test", status: "active" } });
    b = await db().client.create({ data: { name: "Bravo GmbH", domain: "bravo.test", status: "active" } });
    const alice = await createUserActor({ name: "alice", clients: [{ clientId: a.id, role: "user" }] });
    aliceToken = await tokenFor(alice);
    nextRequest.headers = new Headers({ authorization: `Bearer ${aliceToken}`, "x-forwarded-for": "198.51.100.20" });
  });
  afterAll(async () => d?.close());

  it("GraphQL queries: clients lists only A; client(B) is NOT_FOUND", async (context) => {
    if (!d) return context.skip();
    const list = await graphqlRequest("{ clients { id name } }", { token: aliceToken });
    expect(list.data?.clients).toEqual([{ id: a.id, name: a.name }]);
    const other = await graphqlRequest(`query($id: ID!) { client(id: $id) { id name } }`, {
      token: aliceToken,
      variables: { id: b.id },
    });
    expect(other.codes).toEqual(["NOT_FOUND"]);
    expect(JSON.stringify(other)).not.toContain("Bravo");
    const own = await graphqlRequest(`query($id: ID!) { client(id: $id) { name } }`, {
      token: aliceToken,
      variables: { id: a.id },
    });
    expect(own.data?.client).toEqual({ name: a.name });
  });

  it("GraphQL subscription: clientStatusChanged delivers A's events, never B's", async (context) => {
    if (!d) return context.skip();
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
        body: JSON.stringify({ query: "subscription { clientStatusChanged { id name status } }" }),
      }),
    );
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = "";
    // One read in flight at a time: a read abandoned to a timeout would swallow its chunk.
    let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 400;
      while (!text.includes(needle) && Date.now() < deadline) {
        pending ??= reader.read();
        const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), 100))]);
        if (chunk) {
          pending = null;
          if (chunk.value) text += new TextDecoder().decode(chunk.value);
        }
      }
    };
    // Publish until A's event arrives (the subscription registers asynchronously); B's go first.
    const deadline = Date.now() + 8000;
    while (!text.includes("Alpha") && Date.now() < deadline) {
      await events().publish("client.status", { clientId: b.id, status: "suspended" });
      await events().publish("client.status", { clientId: a.id, status: "active" });
      await readUntil("Alpha");
    }
    abort.abort();
    expect(text).toContain("Alpha Ltd");
    expect(text).not.toContain("Bravo");
    expect(text).not.toContain(b.id);

    // Asking for B by id is refused up front.
    const direct = await POST(
      new Request(`${APP_ORIGIN}/api/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          authorization: `Bearer ${aliceToken}`,
        },
        body: JSON.stringify({ query: `subscription { clientStatusChanged(clientId: "${b.id}") { id } }` }),
      }),
    );
    const body = await direct.text();
    expect(body).toContain("NOT_FOUND");
    expect(body).not.toContain("Bravo");
  });

  it("pages: the Clients page lists A only; B's page is a 404", async (context) => {
    if (!d) return context.skip();
    const { default: ClientsPage } = await import("@/app/(console)/clients/page");
    const list = textOf(await ClientsPage({ searchParams: Promise.resolve({}) }));
    expect(list).toContain("Alpha Ltd");
    expect(list).not.toContain("Bravo");
    const { default: ClientPage } = await import("@/app/(console)/clients/[id]/page");
    await expect(ClientPage({ params: Promise.resolve({ id: b.id }) })).rejects.toThrow(/404/);
    expect(textOf(await ClientPage({ params: Promise.resolve({ id: a.id }) }))).toContain("Alpha Ltd");
  });

  it("server action: clientStatusAction answers for A and NOT_FOUND for B", async (context) => {
    if (!d) return context.skip();
    const { clientStatusAction } = await import("@/app/(console)/clients/[id]/actions");
    expect(await clientStatusAction(a.id)).toEqual({ status: "active" });
    expect(await clientStatusAction(b.id)).toEqual({ error: "NOT_FOUND" });
  });
});
