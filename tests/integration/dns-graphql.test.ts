import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { stepUp } from "../support/step-up";
import { db, type Database } from "@/lib/db";
import { setDnsBackend } from "@/lib/dns/sync";
import { ZoneFileBackend } from "@/lib/dns/backends/zonefile";

// The seed's DNS operations through the real GraphQL route handler.
describe("DNS over GraphQL", () => {
  const run = crypto.randomBytes(4).toString("hex");
  const zone = `gq-${run}.test`;
  const zoneDir = fs.mkdtempSync(path.join(os.tmpdir(), "snx-dns-gql-"));
  let d: Database | null;
  let rootToken = "",
    userToken = "";

  beforeAll(async () => {
    d = await installFreshDatabase("postgres");
    if (!d) return;
    setDnsBackend(new ZoneFileBackend(zoneDir));
    const client = await db().client.create({ data: { name: "Gq", domain: zone, status: "active" } });
    rootToken = await tokenFor(await createUserActor({ globalRoles: ["SUPER_ADMIN"] }));
    userToken = await tokenFor(await createUserActor({ clients: [{ clientId: client.id, role: "user" }] }));
  });
  afterAll(async () => {
    await d?.close();
    fs.rmSync(zoneDir, { recursive: true, force: true });
  });

  it("zone and record lifecycle; CLIENT_USER reads but may not write; bad input is VALIDATION", async (context) => {
    if (!d) return context.skip();
    const created = await graphqlRequest(
      `mutation($i: CreateDNSZoneInput!) { createDNSZone(input: $i) { name serial recordCount } }`,
      { token: rootToken, variables: { i: { name: zone.toUpperCase() + ".", nameservers: ["ns1.example.net"] } } },
    );
    expect(created.data?.createDNSZone).toEqual({ name: zone, serial: 1, recordCount: 1 });

    const add = await graphqlRequest(
      `mutation($i: CreateDNSRecordInput!) { createDNSRecord(input: $i) { id fqdn type value ttl priority } }`,
      { token: rootToken, variables: { i: { zone, name: "@", type: "MX", value: `mail.${zone}`, priority: 5 } } },
    );
    const mx = add.data?.createDNSRecord as { id: string };
    expect(mx).toMatchObject({ fqdn: zone, type: "MX", value: `mail.${zone}`, ttl: 3600, priority: 5 });

    const upd = await graphqlRequest(
      `mutation($id: ID!, $i: UpdateDNSRecordInput!) { updateDNSRecord(id: $id, input: $i) { priority ttl } }`,
      { token: rootToken, variables: { id: mx.id, i: { priority: 15, ttl: 120 } } },
    );
    expect(upd.data?.updateDNSRecord).toEqual({ priority: 15, ttl: 120 });

    const list = await graphqlRequest(
      `query($z: String!) { dnsRecords(zone: $z) { type name } dnsZones { name recordCount serial } }`,
      { token: userToken, variables: { z: zone } },
    );
    expect(list.data?.dnsRecords).toEqual([
      { type: "MX", name: "@" },
      { type: "NS", name: "@" },
    ]);
    expect(list.data?.dnsZones).toEqual([{ name: zone, recordCount: 2, serial: 3 }]);

    const denied = await graphqlRequest(`mutation { deleteDNSRecord(id: "${mx.id}") }`, { token: userToken });
    expect(denied.codes).toEqual(["FORBIDDEN"]);

    const bad = await graphqlRequest(`mutation($i: CreateDNSRecordInput!) { createDNSRecord(input: $i) { id } }`, {
      token: rootToken,
      variables: { i: { zone, name: "www", type: "A", value: "not-an-ip" } },
    });
    expect(bad.codes).toEqual(["VALIDATION"]);
    expect(bad.errors?.[0]?.message).toContain("value");

    const del = await graphqlRequest(`mutation { deleteDNSRecord(id: "${mx.id}") }`, { token: rootToken });
    expect(del.data?.deleteDNSRecord).toBe(true);
    expect(await db().dnsRecord.count()).toBe(1);
    const unconfirmed = await graphqlRequest(`mutation($z: String!) { deleteDNSZone(zone: $z) }`, {
      token: rootToken,
      variables: { z: zone },
    });
    expect(unconfirmed.codes).toEqual(["FORBIDDEN"]); // deleting a zone needs a fresh step-up
    await stepUp(rootToken);
    const gone = await graphqlRequest(`mutation($z: String!) { deleteDNSZone(zone: $z) }`, {
      token: rootToken,
      variables: { z: zone },
    });
    expect(gone.data?.deleteDNSZone).toBe(true);
    expect(fs.readdirSync(zoneDir)).toEqual([]);
  });
});
