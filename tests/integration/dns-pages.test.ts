import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { tokenFor } from "../support/graphql";
import { db, type Database } from "@/lib/db";
import { createZone } from "@/lib/dns/zones";
import { setDnsBackend } from "@/lib/dns/sync";
import { ZoneFileBackend } from "@/lib/dns/backends/zonefile";
import { nextRequest } from "../support/next/headers";

// The DNS pages and their server actions, called as Next calls them, for a CLIENT_ADMIN of A:
// A's zones with their counts, B's zone a 404, the add form's errors said plainly.
vi.mock("next/headers", () => import("../support/next/headers"));
vi.mock("next/cache", () => import("../support/next/cache"));
vi.mock("next/navigation", () => import("../support/next/navigation"));

function textOf(node: unknown): string {
  if (node == null || typeof node === "boolean") return "";
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join(" ");
  if (typeof node === "object" && "props" in node) {
    const props = (node as { props: Record<string, unknown> }).props;
    return [textOf(props.children), typeof props.zone === "string" ? `[form ${props.zone}]` : ""].join(" ");
  }
  return "";
}

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe("DNS pages", () => {
  const run = crypto.randomBytes(4).toString("hex");
  const alpha = `pa-${run}.test`,
    bravo = `pb-${run}.test`;
  const zoneDir = fs.mkdtempSync(path.join(os.tmpdir(), "snx-dns-pages-"));
  let d: Database | null;

  beforeAll(async () => {
    d = await installFreshDatabase("postgres");
    if (!d) return;
    setDnsBackend(new ZoneFileBackend(zoneDir));
    const a = await db().client.create({ data: { name: "A", domain: alpha, status: "active" } });
    const root = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    for (const name of [alpha, bravo])
      await createZone({ actor: root, input: { name, nameservers: ["ns1.example.net", "ns2.example.net"] } });
    const admin = await createUserActor({ clients: [{ clientId: a.id, role: "admin" }] });
    nextRequest.headers = new Headers({
      authorization: `Bearer ${await tokenFor(admin)}`,
      "x-forwarded-for": "198.51.100.30",
    });
  });
  afterAll(async () => {
    await d?.close();
    fs.rmSync(zoneDir, { recursive: true, force: true });
  });

  it("zones page lists A's zone with its record count, not B's; B's zone page is a 404", async (context) => {
    if (!d) return context.skip();
    const { default: DnsPage } = await import("@/app/(console)/dns/page");
    const text = textOf(await DnsPage());
    expect(text).toContain(alpha);
    expect(text).not.toContain(bravo);
    expect(text).toMatch(/ 2 /); // two NS records
    const { default: ZonePage } = await import("@/app/(console)/dns/[zone]/page");
    await expect(ZonePage({ params: Promise.resolve({ zone: bravo }) })).rejects.toThrow(/404/);
    const zoneText = textOf(await ZonePage({ params: Promise.resolve({ zone: alpha }) }));
    expect(zoneText).toContain("ns1.example.net");
    expect(zoneText).toContain(`[form ${alpha}]`); // the add form is offered to A's admin
  });

  it("add form: a bad value is refused plainly and changes nothing; a good one is added; delete works", async (context) => {
    if (!d) return context.skip();
    const { createRecordAction, deleteRecordAction } = await import("@/app/(console)/dns/actions");
    const bad = await createRecordAction(
      {},
      form({ zone: alpha, name: "www", type: "A", value: "300.1.1.1", ttl: "" }),
    );
    expect(bad.error).toBe("value: must be an IPv4 address");
    expect(bad.fields).toEqual({ value: "must be an IPv4 address" });
    expect(await db().dnsRecord.count({ where: { name: "www" } })).toBe(0);
    const other = await createRecordAction({}, form({ zone: bravo, name: "www", type: "A", value: "192.0.2.1" }));
    expect(other.error).toBe("Zone not found");
    const ok = await createRecordAction(
      {},
      form({ zone: alpha, name: "www", type: "MX", value: "mail.example.net", priority: "10", ttl: "300" }),
    );
    expect(ok).toEqual({ ok: `MX record for www.${alpha} added` });
    const rec = await db().dnsRecord.findFirstOrThrow({ where: { name: "www" } });
    expect(rec).toMatchObject({ type: "MX", priority: 10, ttl: 300 });
    expect(await deleteRecordAction({}, form({ id: rec.id, zone: alpha }))).toEqual({ ok: "Record deleted" });
    expect(await db().dnsRecord.count({ where: { name: "www" } })).toBe(0);
  });

  it("filter narrows the table; bulk delete removes the ticked records, all or none", async (context) => {
    if (!d) return context.skip();
    const { createRecordAction, deleteRecordsAction } = await import("@/app/(console)/dns/actions");
    for (const [name, value] of [
      ["a1", "192.0.2.1"],
      ["a2", "192.0.2.2"],
      ["keep", "192.0.2.3"],
    ]) {
      expect(
        (await createRecordAction({}, form({ zone: alpha, name: name!, type: "A", value: value! }))).ok,
      ).toBeTruthy();
    }
    const { default: ZonePage } = await import("@/app/(console)/dns/[zone]/page");
    const filtered = textOf(
      await ZonePage({
        params: Promise.resolve({ zone: alpha }),
        searchParams: Promise.resolve({ q: "a", type: "A" }),
      }),
    );
    expect(filtered).toMatch(/\b3\s+of\s+5\b/); // the A records (every fqdn holds an "a"), not the NS
    const byName = textOf(
      await ZonePage({ params: Promise.resolve({ zone: alpha }), searchParams: Promise.resolve({ q: "keep" }) }),
    );
    expect(byName).toMatch(/\b1\s+of\s+5\b/);
    expect(byName).toContain("192.0.2.3");
    const ids = async (...names: string[]) =>
      (await db().dnsRecord.findMany({ where: { name: { in: names } } })).map((r) => r.id);
    const bravoNs = (await db().dnsRecord.findFirstOrThrow({ where: { zone: { name: bravo } } })).id;
    const bulk = (list: string[]) => {
      const f = form({ zone: alpha });
      for (const id of list) f.append("ids", id);
      return deleteRecordsAction({}, f);
    };
    expect(await bulk([...(await ids("a1", "a2")), bravoNs])).toEqual({ error: "Record not found", fields: undefined });
    expect(await db().dnsRecord.count({ where: { name: { in: ["a1", "a2"] } } })).toBe(2);
    expect(await bulk(await ids("a1", "a2"))).toEqual({ ok: "2 records deleted" });
    expect(await db().dnsRecord.count({ where: { name: { in: ["a1", "a2", "keep"] } } })).toBe(1);
  });

  it("inline edit: a bad value is refused and kept for correction; a good one is saved", async (context) => {
    if (!d) return context.skip();
    const { updateRecordAction } = await import("@/app/(console)/dns/actions");
    const keep = await db().dnsRecord.findFirstOrThrow({ where: { name: "keep" } });
    const bad = await updateRecordAction({}, form({ id: keep.id, zone: alpha, value: "192.0.2", ttl: "60" }));
    expect(bad).toMatchObject({ error: "value: must be an IPv4 address", values: { value: "192.0.2" } });
    expect((await db().dnsRecord.findUniqueOrThrow({ where: { id: keep.id } })).value).toBe("192.0.2.3");
    expect(await updateRecordAction({}, form({ id: keep.id, zone: alpha, value: "192.0.2.4", ttl: "60" }))).toEqual({
      ok: `A keep.${alpha} updated`,
    });
    expect(await db().dnsRecord.findUniqueOrThrow({ where: { id: keep.id } })).toMatchObject({
      value: "192.0.2.4",
      ttl: 60,
    });
  });
});
