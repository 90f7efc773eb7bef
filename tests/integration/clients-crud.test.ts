import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { textOf } from "../support/element-text";
import { ENGINES, installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { stepUp } from "../support/step-up";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { db, type Database } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { events } from "@/lib/events";
import { getClient, listClients } from "@/lib/clients/list-clients";
import { createClient, updateClient } from "@/lib/clients/write-client";
import { deleteClient, resumeClient, suspendClient } from "@/lib/clients/lifecycle";
import { addClientUser, listClientUsers, removeClientUser } from "@/lib/clients/client-users";
import {
  createTicker,
  rawDocker,
  removeByPrefix,
  requireDocker,
  runPrefix,
  stateOf,
} from "../support/services-fixtures";
import { nextRequest } from "../support/next/headers";

// Pages and server actions read the request through next/headers (only inside Next): the page
// tests below hand them this file's headers. Domain tests pass their actor directly.
vi.mock("next/headers", () => import("../support/next/headers"));
vi.mock("next/cache", () => import("../support/next/cache"));
vi.mock("next/navigation", () => import("../support/next/navigation"));

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: { code?: string }) => e.code ?? String(e),
  );
const auditRows = (action: string, result?: string) =>
  db().auditLog.findMany({ where: { action, ...(result ? { result } : {}) }, orderBy: { createdAt: "asc" } });

describe.each(ENGINES)("clients CRUD on %s", (engine) => {
  let d: Database | null = null;
  let sa: Actor, adminA: Actor, userA: Actor;
  let a: { id: string }, b: { id: string };

  beforeAll(async () => {
    d = await installFreshDatabase(engine);
    if (!d) return;
    sa = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    a = await createClient({
      actor: sa,
      input: {
        name: "  Alpha Ltd ",
        domain: "Alpha-Corp.TEST",
        billing: { plan: "pro", price: 49.5, currency: "eur" },
      },
    });
    b = await createClient({ actor: sa, input: { name: "Bravo GmbH", domain: "bravo.test" } });
    adminA = await createUserActor({ clients: [{ clientId: a.id, role: "admin" }] });
    userA = await createUserActor({ clients: [{ clientId: a.id, role: "user" }] });
  });
  afterAll(async () => d?.close());

  it("create: trimmed name, lowercased domain, ACTIVE, billing in metadata, audited, event published", async (context) => {
    if (!d) return context.skip();
    const seen: string[] = [];
    const off = events().subscribe("client.status", (e) => seen.push(`${e.clientId}:${e.status}`));
    const c = await createClient({
      actor: sa,
      input: { name: "Charlie", domain: "charlie.test", metadata: { colour: "teal" } },
    });
    off();
    const alpha = await getClient({ actor: sa, id: a.id });
    expect(alpha).toMatchObject({
      name: "Alpha Ltd",
      domain: "alpha-corp.test",
      status: "active",
      metadata: { billing: { plan: "pro", price: 49.5, currency: "EUR" } },
    });
    expect(c.metadata).toEqual({ colour: "teal" });
    expect(seen).toContain(`${c.id}:active`);
    const rows = await auditRows("client.create", "success");
    expect(rows.map((r) => r.resourceId)).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
  });

  const BAD: [string, Record<string, unknown>, string][] = [
    ["empty name", { name: "   ", domain: "x1.test" }, "VALIDATION"],
    ["name over 255", { name: "n".repeat(256), domain: "x2.test" }, "VALIDATION"],
    ["domain with underscore", { name: "X", domain: "bad_domain.test" }, "VALIDATION"],
    ["single-label domain", { name: "X", domain: "localhost" }, "VALIDATION"],
    ["label starting with hyphen", { name: "X", domain: "-a.test" }, "VALIDATION"],
    ["label over 63", { name: "X", domain: `${"a".repeat(64)}.test` }, "VALIDATION"],
    ["domain with space", { name: "X", domain: "a b.test" }, "VALIDATION"],
    ["metadata over 64 KB", { name: "X", domain: "x3.test", metadata: { blob: "x".repeat(65 * 1024) } }, "VALIDATION"],
    [
      "bad currency",
      { name: "X", domain: "x4.test", billing: { plan: "p", price: 1, currency: "EURO" } },
      "VALIDATION",
    ],
    [
      "negative price",
      { name: "X", domain: "x5.test", billing: { plan: "p", price: -1, currency: "EUR" } },
      "VALIDATION",
    ],
    ["duplicate domain (other case)", { name: "X", domain: "BRAVO.test" }, "CONFLICT"],
  ];
  it.for(BAD)("refuses %s and creates nothing", async ([, input, code], context) => {
    if (!d) return context.skip();
    const before = await db().client.count();
    const failuresBefore = (await auditRows("client.create", "failure")).length;
    const err = await createClient({ actor: sa, input }).catch((e: Error & { code: string }) => e);
    expect(err).toMatchObject({ code });
    if (code === "CONFLICT") expect((err as Error).message).toMatch(/bravo\.test is already used by client Bravo GmbH/);
    expect(await db().client.count()).toBe(before);
    expect((await auditRows("client.create", "failure")).length).toBe(failuresBefore + 1);
  });

  it("by role: CLIENT_ADMIN of A updates A, gets NOT_FOUND on B; CLIENT_USER is FORBIDDEN; denials audited", async (context) => {
    if (!d) return context.skip();
    const updated = await updateClient({
      actor: adminA,
      id: a.id,
      input: { name: "Alpha Limited", billing: { plan: "max", price: 99, currency: "EUR" } },
    });
    expect(updated).toMatchObject({ name: "Alpha Limited", metadata: { billing: { plan: "max" } } });
    expect(await codeOf(updateClient({ actor: adminA, id: b.id, input: { name: "pwned" } }))).toBe("NOT_FOUND");
    expect(await codeOf(deleteClient({ actor: adminA, id: b.id }))).toBe("NOT_FOUND");
    expect(await codeOf(suspendClient({ actor: adminA, id: b.id }))).toBe("NOT_FOUND");
    expect(await codeOf(deleteClient({ actor: adminA, id: a.id }))).toBe("FORBIDDEN");
    expect(await codeOf(suspendClient({ actor: adminA, id: a.id }))).toBe("FORBIDDEN");
    expect(await codeOf(updateClient({ actor: userA, id: a.id, input: { name: "mine" } }))).toBe("FORBIDDEN");
    expect(await codeOf(createClient({ actor: adminA, input: { name: "Z", domain: "z.test" } }))).toBe("FORBIDDEN");
    expect((await getClient({ actor: sa, id: b.id })).name).toBe("Bravo GmbH");
    expect((await getClient({ actor: sa, id: a.id })).name).toBe("Alpha Limited");
    const denied = await db().auditLog.findMany({ where: { result: "denied", action: { startsWith: "client." } } });
    const summary = denied.map(
      (r) =>
        `${r.userId === adminA.userId ? "adminA" : r.userId === userA.userId ? "userA" : "?"} ${r.action} ${r.resourceId === a.id ? "A" : r.resourceId === b.id ? "B" : "-"}`,
    );
    expect(summary.sort()).toEqual(
      [
        "adminA client.create -",
        "adminA client.delete A",
        "adminA client.delete B",
        "adminA client.suspend A",
        "adminA client.suspend B",
        "adminA client.update B",
        "userA client.update A",
      ].sort(),
    );
  });

  it("update: metadata replace keeps billing, oversized refused; domain change refused while a DNS zone exists", async (context) => {
    if (!d) return context.skip();
    const c = await createClient({
      actor: sa,
      input: { name: "Delta", domain: "delta.test", billing: { plan: "basic", price: 5, currency: "USD" } },
    });
    const u = await updateClient({ actor: sa, id: c.id, input: { metadata: { note: "vip" } } });
    expect(u.metadata).toEqual({ note: "vip", billing: { plan: "basic", price: 5, currency: "USD" } });
    expect(await codeOf(updateClient({ actor: sa, id: c.id, input: { metadata: { blob: "x".repeat(70_000) } } }))).toBe(
      "VALIDATION",
    );
    expect(await codeOf(updateClient({ actor: sa, id: c.id, input: { domain: "bravo.test" } }))).toBe("CONFLICT");
    const moved = await updateClient({ actor: sa, id: c.id, input: { domain: "Delta2.test" } });
    expect(moved.domain).toBe("delta2.test");
    await db().dnsZone.create({ data: { name: "delta2.test", clientId: c.id } });
    const err = await updateClient({ actor: sa, id: c.id, input: { domain: "delta3.test" } }).catch(
      (e: Error & { code: string }) => e,
    );
    expect(err).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/1 DNS zone/) });
    expect((await getClient({ actor: sa, id: c.id })).domain).toBe("delta2.test");
  });

  it("client users: SUPER_ADMIN and A's admin manage A's users; CLIENT_USER cannot; audited", async (context) => {
    if (!d) return context.skip();
    const newbie = await createUserActor({ name: `newbie-${engine}` });
    const added = await addClientUser({
      actor: adminA,
      clientId: a.id,
      input: { user: `newbie-${engine}`, role: "user" },
    });
    expect(added).toMatchObject({ userId: newbie.userId, role: "user" });
    await addClientUser({ actor: sa, clientId: a.id, input: { user: `newbie-${engine}@example.test`, role: "admin" } });
    const users = await listClientUsers({ actor: adminA, clientId: a.id });
    expect(users.find((u) => u.userId === newbie.userId)?.role).toBe("admin");
    expect(
      await codeOf(addClientUser({ actor: userA, clientId: a.id, input: { user: `newbie-${engine}`, role: "admin" } })),
    ).toBe("FORBIDDEN");
    expect(await codeOf(listClientUsers({ actor: userA, clientId: a.id }))).toBe("FORBIDDEN"); // user:read is not a CLIENT_USER's
    expect(await codeOf(listClientUsers({ actor: adminA, clientId: b.id }))).toBe("NOT_FOUND");
    expect(
      await codeOf(
        addClientUser({ actor: adminA, clientId: b.id, input: { user: `newbie-${engine}`, role: "admin" } }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await codeOf(addClientUser({ actor: adminA, clientId: a.id, input: { user: "nobody-here", role: "user" } })),
    ).toBe("NOT_FOUND");
    expect(
      await codeOf(
        addClientUser({ actor: adminA, clientId: a.id, input: { user: `newbie-${engine}`, role: "owner" } }),
      ),
    ).toBe("VALIDATION");
    expect(await removeClientUser({ actor: adminA, clientId: a.id, userId: newbie.userId })).toBe(true);
    expect((await listClientUsers({ actor: sa, clientId: a.id })).map((u) => u.userId)).not.toContain(newbie.userId);
    expect(await codeOf(removeClientUser({ actor: adminA, clientId: a.id, userId: newbie.userId }))).toBe("NOT_FOUND");
    expect((await auditRows("client.user.add", "success")).length).toBe(2);
    expect((await auditRows("client.user.remove", "success")).length).toBe(1);
  });

  it("soft delete: row kept with deleted_at, gone from every scoped read, its domain stays taken", async (context) => {
    if (!d) return context.skip();
    const e = await createClient({ actor: sa, input: { name: "Echo", domain: "echo.test" } });
    const user = await createUserActor({ clients: [{ clientId: e.id, role: "admin" }] });
    await stepUp(sa);
    expect(await deleteClient({ actor: sa, id: e.id })).toBe(true);
    const row = await db().client.findUniqueOrThrow({ where: { id: e.id } });
    expect(row.status).toBe("deleted");
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect((await listClients({ actor: sa })).map((c) => c.id)).not.toContain(e.id);
    expect(await codeOf(getClient({ actor: user, id: e.id }))).toBe("NOT_FOUND");
    expect(await codeOf(updateClient({ actor: user, id: e.id, input: { name: "back" } }))).toBe("NOT_FOUND");
    expect(await codeOf(deleteClient({ actor: sa, id: e.id }))).toBe("NOT_FOUND");
    const err = await createClient({ actor: sa, input: { name: "Echo 2", domain: "echo.test" } }).catch(
      (x: Error & { code: string }) => x,
    );
    expect(err).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/deleted client/) });
    expect((await auditRows("client.delete", "success")).map((r) => r.resourceId)).toContain(e.id);
  });

  it("GraphQL: createClient, updateClient, clients with counts, FORBIDDEN for a CLIENT_USER", async (context) => {
    if (!d) return context.skip();
    const saToken = await tokenFor(sa);
    const created = await graphqlRequest(
      `mutation($i: CreateClientInput!) { createClient(input: $i) { id name domain status billing { plan price currency } users { username } } }`,
      {
        token: saToken,
        variables: {
          i: { name: "Foxtrot", domain: "FOXTROT.test", billing: { plan: "pro", price: 10, currency: "chf" } },
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const fox = created.data!.createClient as { id: string };
    expect(created.data!.createClient).toMatchObject({
      name: "Foxtrot",
      domain: "foxtrot.test",
      status: "ACTIVE",
      billing: { plan: "pro", price: 10, currency: "CHF" },
      users: [],
    });
    const upd = await graphqlRequest(
      `mutation($id: ID!) { updateClient(id: $id, input: { name: "Foxtrot AG", billing: null }) { name billing { plan } } }`,
      { token: saToken, variables: { id: fox.id } },
    );
    expect(upd.data?.updateClient).toEqual({ name: "Foxtrot AG", billing: null });
    const list = await graphqlRequest(`{ clients { name serviceCount userCount } }`, { token: saToken });
    expect(list.data?.clients).toEqual(
      expect.arrayContaining([{ name: "Alpha Limited", serviceCount: 0, userCount: 2 }]),
    );
    const asUser = await graphqlRequest(`mutation($id: ID!) { updateClient(id: $id, input: { name: "x" }) { id } }`, {
      token: await tokenFor(userA),
      variables: { id: a.id },
    });
    expect(asUser.codes).toEqual(["FORBIDDEN"]);
    const people = await graphqlRequest(`query($id: ID!) { client(id: $id) { name users { username } } }`, {
      token: await tokenFor(userA),
      variables: { id: a.id },
    });
    expect(people.data?.client).toEqual({ name: "Alpha Limited", users: null });
    expect(people.codes).toEqual(["FORBIDDEN"]);
    const dup = await graphqlRequest(
      `mutation { createClient(input: { name: "Dup", domain: "foxtrot.test" }) { id } }`,
      { token: saToken },
    );
    expect(dup.codes).toEqual(["CONFLICT"]);
  });
});

// Suspend, resume and delete against the real engine: the client's containers are stopped,
// started and removed; another client's container is never touched.
describe("clients lifecycle with real containers (postgres)", () => {
  const prefix = runPrefix();
  let d: Database | null = null;
  let ok = false;
  let sa: Actor;
  let c: { id: string }, other: { id: string };
  let c1: string, c2: string, o1: string;

  beforeAll(async () => {
    ok = await requireDocker();
    if (!ok) return;
    d = await installFreshDatabase("postgres");
    if (!d) return;
    sa = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    c = await createClient({ actor: sa, input: { name: "Golf", domain: "golf.test" } });
    other = await createClient({ actor: sa, input: { name: "Hotel", domain: "hotel.test" } });
    c1 = await createTicker(`${prefix}golf-web`, { clientId: c.id, type: "website" });
    c2 = await createTicker(`${prefix}golf-db`, { clientId: c.id, type: "database" });
    o1 = await createTicker(`${prefix}hotel-web`, { clientId: other.id, type: "website" });
  }, 60_000);
  afterAll(async () => {
    if (ok) await removeByPrefix(prefix);
    await d?.close();
  });

  it("suspend stops the client's containers only; resume starts them; both audited with the containers", async (context) => {
    if (!d) return context.skip();
    const list = await graphqlRequest(`{ clients { name serviceCount } }`, { token: await tokenFor(sa) });
    expect(list.data?.clients).toEqual([
      { name: "Golf", serviceCount: 2 },
      { name: "Hotel", serviceCount: 1 },
    ]);
    const s = await suspendClient({ actor: sa, id: c.id });
    expect(s.status).toBe("suspended");
    expect([await stateOf(c1), await stateOf(c2), await stateOf(o1)]).toEqual(["exited", "exited", "running"]);
    expect(await codeOf(suspendClient({ actor: sa, id: c.id }))).toBe("CONFLICT");
    const r = await resumeClient({ actor: sa, id: c.id });
    expect(r.status).toBe("active");
    expect([await stateOf(c1), await stateOf(c2), await stateOf(o1)]).toEqual(["running", "running", "running"]);
    const [susp] = await auditRows("client.suspend", "success");
    expect((susp!.details as { containers: string[] }).containers.sort()).toEqual([c1, c2].sort());
    expect(await auditRows("client.resume", "success")).toHaveLength(1);
  }, 60_000);

  it("delete removes the client's containers, keeps its row, leaves the other client's running", async (context) => {
    if (!d) return context.skip();
    await stepUp(sa);
    expect(await deleteClient({ actor: sa, id: c.id })).toBe(true);
    const left = await rawDocker.listContainers({ all: true, filters: { label: [`securenexus.client=${c.id}`] } });
    expect(left).toEqual([]);
    expect(await stateOf(o1)).toBe("running");
    expect(await db().client.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
      status: "deleted",
      name: "Golf",
    });
    const [row] = await auditRows("client.delete", "success");
    expect((row!.details as { containersRemoved: string[] }).containersRemoved.sort()).toEqual([c1, c2].sort());
  }, 60_000);
});

// The console's doors: the list page, the New client form's action, the client page and the
// delete confirmation, as a SUPER_ADMIN and as a CLIENT_USER.
describe("clients pages and server actions (postgres)", () => {
  let d: Database | null = null;
  let sa: Actor;
  let saHeaders: Headers;

  beforeAll(async () => {
    d = await installFreshDatabase("postgres");
    if (!d) return;
    sa = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    saHeaders = new Headers({ authorization: `Bearer ${await tokenFor(sa)}`, "x-forwarded-for": "198.51.100.30" });
    nextRequest.headers = saHeaders;
  });
  afterAll(async () => d?.close());

  const form = (o: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(o)) f.set(k, v);
    return f;
  };

  it("New client form: a bad domain is reported plainly and creates nothing; a good one appears in the list", async (context) => {
    if (!d) return context.skip();
    nextRequest.headers = saHeaders;
    const { createClientAction } = await import("@/app/(console)/clients/actions");
    const bad = await createClientAction(
      {},
      form({ name: "India", domain: "not a domain", plan: "", price: "", currency: "" }),
    );
    expect(bad.error).toMatch(/domain/);
    expect(bad.values?.name).toBe("India");
    expect(await db().client.count()).toBe(0);
    const good = await createClientAction(
      {},
      form({ name: "India", domain: "India.test", plan: "pro", price: "12", currency: "eur" }),
    );
    expect(good).toEqual({ ok: "Client India (india.test) created" });
    const { default: ClientsPage } = await import("@/app/(console)/clients/page");
    const page = await ClientsPage({ searchParams: Promise.resolve({}) });
    expect(textOf(page)).toContain("India");
    expect(hasComponent(page, "NewClientForm")).toBe(true);
    expect(textOf(await ClientsPage({ searchParams: Promise.resolve({ status: "suspended" }) }))).not.toContain(
      "India",
    );
  });

  it("a CLIENT_USER gets no New client form; create and suspend actions refuse them plainly", async (context) => {
    if (!d) return context.skip();
    const india = await db().client.findFirstOrThrow({ where: { domain: "india.test" } });
    const user = await createUserActor({ clients: [{ clientId: india.id, role: "user" }] });
    nextRequest.headers = new Headers({ authorization: `Bearer ${await tokenFor(user)}` });
    const { default: ClientsPage } = await import("@/app/(console)/clients/page");
    expect(hasComponent(await ClientsPage({ searchParams: Promise.resolve({}) }), "NewClientForm")).toBe(false);
    const { createClientAction } = await import("@/app/(console)/clients/actions");
    expect((await createClientAction({}, form({ name: "J", domain: "j.test" }))).error).toMatch(/client:create/);
    const { suspendClientAction } = await import("@/app/(console)/clients/[id]/actions");
    expect((await suspendClientAction({}, form({ id: india.id }))).error).toMatch(/client:suspend/);
    expect((await db().client.findUniqueOrThrow({ where: { id: india.id } })).status).toBe("active");
    nextRequest.headers = saHeaders;
  });

  it("client page shows overview, billing and activity; delete needs the typed domain", async (context) => {
    if (!d) return context.skip();
    nextRequest.headers = saHeaders;
    const india = await db().client.findFirstOrThrow({ where: { domain: "india.test" } });
    const { default: ClientPage } = await import("@/app/(console)/clients/[id]/page");
    const text = textOf(await ClientPage({ params: Promise.resolve({ id: india.id }) }));
    expect(text).toContain("pro · 12 EUR");
    expect(text).toMatch(/client\.create\s+·\s+success/);
    const { deleteClientAction } = await import("@/app/(console)/clients/[id]/actions");
    expect(await deleteClientAction({}, form({ id: india.id, confirm: "india.tes" }))).toEqual({
      error: "Type india.test to confirm the deletion",
    });
    expect((await db().client.findUniqueOrThrow({ where: { id: india.id } })).status).toBe("active");
    await stepUp(saHeaders.get("authorization")!.slice("Bearer ".length));
    await expect(deleteClientAction({}, form({ id: india.id, confirm: "India.test" }))).rejects.toThrow(
      /NEXT_REDIRECT;\/clients/,
    );
    expect((await db().client.findUniqueOrThrow({ where: { id: india.id } })).status).toBe("deleted");
    await expect(ClientPage({ params: Promise.resolve({ id: india.id }) })).rejects.toThrow(/404/);
  });
});

/** Whether the element tree holds a component of that name (client islands are not rendered). */
function hasComponent(node: unknown, name: string): boolean {
  if (Array.isArray(node)) return node.some((n) => hasComponent(n, name));
  if (node && typeof node === "object" && "props" in node) {
    const type = (node as { type?: { name?: string } }).type;
    return type?.name === name || hasComponent((node as { props: { children?: unknown } }).props.children, name);
  }
  return false;
}
