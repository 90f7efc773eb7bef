import crypto from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { openSession } from "@/lib/auth/session/sessions";
import { createApiToken } from "@/lib/auth/tokens/api-tokens";
import { stepUp } from "../../support/step-up";
import { createZone } from "@/lib/dns/zones";
import { createRecord } from "@/lib/dns/records";
import { db } from "@/lib/db";
import { createUserActor } from "../../support/actors";
import { newSecret, sha256 } from "@/lib/auth/tokens/tokens";
import { safeCreateContainer } from "@/lib/docker/safe-create";
import { rawDocker, TEST_IMAGE, TICK } from "../../support/services-fixtures";

// Two tenants, A (the target) and B (the intruder), each with a CLIENT_ADMIN and a CLIENT_USER,
// plus one SUPER_ADMIN, one DEVELOPER, one user with no role at all and one admin of B who is a
// mere user of A; A owns one of every kind of resource the schema reaches. Every name
// carries this run's tag so the suite can run beside other tests on one Docker engine.

export type Caller = "aAdmin" | "aUser" | "bAdmin" | "bUser" | "super" | "dev" | "none" | "mixed";
export type TenantRole = "admin" | "user";
type ClientRef = { id: string; name: string; domain: string };

export type World = {
  tag: string;
  /** container name prefix of this run (removed afterwards) */
  prefix: string;
  docker: boolean;
  a: ClientRef;
  b: ClientRef;
  actors: Record<Caller, Actor>;
  tokens: Record<Caller, string>;
  /** A's DNS zone (its domain; A also has sub.<zoneA>) and one TXT record whose value only A's data holds */
  zoneA: string;
  recordA: { id: string; value: string };
  /** aUser's own things: a session, a passkey, an API token other than the one it calls with */
  sessionA: string;
  passkeyA: string;
  apiTokenA: string;
  /** an audit row of aAdmin's */
  auditA: string;
  /** a user of both A and B: B's admin sees the user, never A's side of it */
  sharedUser: string;
  /** A's and B's running containers (Docker runs only) */
  serviceA: string | null;
  serviceB: string | null;
  serviceAName: string;
  /** strings only A's data holds: never in an answer to B */
  secrets: string[];
};

export async function buildWorld(opts: { docker: boolean; prefix: string }): Promise<World> {
  const tag = crypto.randomBytes(3).toString("hex");
  const a = await db().client.create({
    data: { name: `Alpha Ltd ${tag}`, domain: `alpha-${tag}.test`, status: "active" },
  });
  const b = await db().client.create({
    data: { name: `Bravo GmbH ${tag}`, domain: `bravo-${tag}.test`, status: "active" },
  });
  const actors: Record<Caller, Actor> = {
    aAdmin: await createUserActor({ name: `a-admin-${tag}`, clients: [{ clientId: a.id, role: "admin" }] }),
    aUser: await createUserActor({ name: `a-user-${tag}`, clients: [{ clientId: a.id, role: "user" }] }),
    bAdmin: await createUserActor({ name: `b-admin-${tag}`, clients: [{ clientId: b.id, role: "admin" }] }),
    bUser: await createUserActor({ name: `b-user-${tag}`, clients: [{ clientId: b.id, role: "user" }] }),
    super: await createUserActor({ name: `root-${tag}`, globalRoles: ["SUPER_ADMIN"] }),
    dev: await createUserActor({ name: `dev-${tag}`, globalRoles: ["DEVELOPER"] }),
    none: await createUserActor({ name: `nobody-${tag}` }),
    // B's admin who is only a user of A: an admin's rights must not carry over to A.
    mixed: await createUserActor({
      name: `mixed-${tag}`,
      clients: [
        { clientId: a.id, role: "user" },
        { clientId: b.id, role: "admin" },
      ],
    }),
  };
  const tokens = Object.fromEntries(
    await Promise.all(Object.entries(actors).map(async ([k, v]) => [k, await mintToken(v.userId)])),
  ) as Record<Caller, string>;
  const shared = await createUserActor({
    name: `shared-${tag}`,
    clients: [
      { clientId: a.id, role: "user" },
      { clientId: b.id, role: "user" },
    ],
  });

  const zoneA = a.domain;
  await createZone({ actor: actors.super, input: { name: zoneA, clientId: a.id, nameservers: [`ns1.${zoneA}`] } });
  const value = `alpha-secret-${tag}`;
  const record = await createRecord({ actor: actors.super, zone: zoneA, input: { name: "info", type: "TXT", value } });
  // A's subdomain zone, the name B's "renamed domain" fixture aims at. B has no zone of its own:
  // a client without zones is the one a rename would have moved into A's names (issue 10).
  await createZone({
    actor: actors.super,
    input: { name: `sub.${zoneA}`, clientId: a.id, nameservers: [`ns1.${zoneA}`] },
  });
  const subValue = `alpha-sub-secret-${tag}`;
  await createRecord({
    actor: actors.super,
    zone: `sub.${zoneA}`,
    input: { name: "info", type: "TXT", value: subValue },
  });

  const sessionA = (await openSession(actors.aUser.userId, { ip: null, userAgent: "vitest" })).id;
  const passkeyA = await freshPasskey(actors.aUser.userId);
  await stepUp(actors.aUser); // a new credential asks for a confirmation (ADR 027)
  const apiTokenA = (await createApiToken({ actor: actors.aUser, name: "alpha-ci", expiresInDays: 1 })).id;
  const auditA = (
    await recordAudit({
      userId: actors.aAdmin.userId,
      action: "client.update",
      resourceType: "client",
      resourceId: a.id,
      result: "success",
    })
  ).id;

  const serviceAName = `${opts.prefix}alpha-${tag}`;
  const serviceA = opts.docker ? await ticker(serviceAName, a.id) : null;
  const serviceB = opts.docker ? await ticker(`${opts.prefix}bravo-${tag}`, b.id) : null;

  return {
    tag,
    prefix: opts.prefix,
    docker: opts.docker,
    a,
    b,
    actors,
    tokens,
    zoneA,
    recordA: { id: record.id, value },
    sessionA,
    passkeyA,
    apiTokenA,
    auditA,
    sharedUser: shared.userId,
    serviceA,
    serviceB,
    serviceAName,
    secrets: [
      a.name,
      `${actors.aAdmin.username}@`,
      `${actors.aUser.username}@`,
      value,
      subValue,
      ...(opts.docker ? [serviceAName] : []),
    ],
  };
}

/** An API token named "test" (the one confirmStepUps confirms), written as createApiToken
 *  stores it: a user with no role holds no token:manage-own, yet must be able to call. */
export async function mintToken(userId: string): Promise<string> {
  const secret = newSecret("snx");
  await db().apiToken.create({
    data: {
      userId,
      name: "test",
      tokenHash: sha256(secret),
      prefix: secret.slice(0, 12),
      expiresAt: new Date(Date.now() + 86400_000),
    },
  });
  return secret;
}

// Fresh resources of A for calls that use them up (a delete, a revoke, a stop): the refused
// attempts and the permitted one each get their own.

export async function freshPasskey(userId: string) {
  const row = await db().passkey.create({
    data: {
      userId,
      credentialId: crypto.randomBytes(16).toString("base64url"),
      publicKey: crypto.randomBytes(32),
      name: "Alpha laptop",
    },
  });
  return row.id;
}

export async function freshRecord(w: World) {
  const row = await createRecord({
    actor: w.actors.super,
    zone: w.zoneA,
    input: { name: `r${crypto.randomBytes(3).toString("hex")}`, type: "A", value: "192.0.2.10" },
  });
  return row.id;
}

/** A second client of tenant A (A's admin and user hold the same roles there). */
export async function freshClient(w: World, status = "active") {
  const tag = crypto.randomBytes(3).toString("hex");
  const c = await db().client.create({ data: { name: `Alpha Two ${tag}`, domain: `alpha2-${tag}.test`, status } });
  await db().userClient.createMany({
    data: [
      { userId: w.actors.aAdmin.userId, clientId: c.id, role: "admin" },
      { userId: w.actors.aUser.userId, clientId: c.id, role: "user" },
    ],
  });
  return c;
}

/** A plain user of client A only. */
export async function freshUserOfA(w: World) {
  const u = await createUserActor({
    name: `a-member-${crypto.randomBytes(3).toString("hex")}`,
    clients: [{ clientId: w.a.id, role: "user" }],
  });
  return u;
}

export async function freshSession(w: World) {
  return (await openSession(w.actors.aUser.userId, { ip: null, userAgent: "vitest" })).id;
}

/** One more API token of aUser's, written as a row: a fixture, not a test of createApiToken (whose
 *  step-up would need aUser's password, which the role matrix sets to its own). */
export async function freshApiToken(w: World) {
  const secret = newSecret("snx");
  const row = await db().apiToken.create({
    data: {
      userId: w.actors.aUser.userId,
      name: "alpha-tmp",
      tokenHash: sha256(secret),
      prefix: secret.slice(0, 12),
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  return row.id;
}

export async function freshContainer(w: World, start = true) {
  return ticker(`${w.prefix}alpha-${crypto.randomBytes(3).toString("hex")}`, w.a.id, start);
}

/** A ticking busybox of a client, made through the product's safe-create path. No network: the
 *  suite needs none, and it keeps the suite independent of the engine's default bridge. */
async function ticker(name: string, clientId: string, start = true) {
  const ref = await safeCreateContainer({
    clientId,
    serviceType: "website",
    spec: { name, Image: TEST_IMAGE, Cmd: TICK, HostConfig: { NetworkMode: "none" } },
  });
  if (start) await rawDocker.getContainer(ref.containerId).start();
  return ref.containerId;
}

/** Every caller's API token has confirmed a step-up just now (the 5-minute window of
 *  lib/auth/step-up/step-up.ts), so a destructive call is refused for its tenant, never for a missing
 *  confirmation: the refusal B sees is the tenant scope's. */
export async function confirmStepUps(w: World) {
  const tokens = await db().apiToken.findMany({
    where: { userId: { in: Object.values(w.actors).map((a) => a.userId) }, name: "test" },
    select: { id: true, userId: true },
  });
  const confirmedAt = new Date();
  for (const t of tokens) {
    const subject = `token:${t.id}`;
    await db().stepUp.upsert({
      where: { subject },
      create: { subject, userId: t.userId, method: "password", confirmedAt },
      update: { confirmedAt },
    });
  }
}

/** Everything a refused call could have changed, except the audit log (denials are recorded). */
export async function snapshot(w: World) {
  const d = db();
  const [clients, memberships, users, zones, records, tokens, sessions, passkeys, groups, runs, jobs] =
    await Promise.all([
      d.client.findMany({
        select: { id: true, name: true, domain: true, status: true, metadata: true, deletedAt: true },
        orderBy: { id: "asc" },
      }),
      d.userClient.findMany({
        select: { userId: true, clientId: true, role: true },
        orderBy: [{ userId: "asc" }, { clientId: "asc" }],
      }),
      d.user.findMany({
        select: {
          id: true,
          username: true,
          email: true,
          fullName: true,
          isActive: true,
          roles: true,
          passwordHash: true,
        },
        orderBy: { id: "asc" },
      }),
      d.dnsZone.findMany({
        select: { id: true, name: true, clientId: true, serial: true, dnssecEnabled: true },
        orderBy: { id: "asc" },
      }),
      d.dnsRecord.findMany({
        select: { id: true, zoneId: true, name: true, type: true, value: true, ttl: true },
        orderBy: { id: "asc" },
      }),
      d.apiToken.findMany({ select: { id: true, name: true, revokedAt: true }, orderBy: { id: "asc" } }),
      d.session.findMany({ select: { id: true, revokedAt: true }, orderBy: { id: "asc" } }),
      d.passkey.findMany({ select: { id: true, name: true, revokedAt: true }, orderBy: { id: "asc" } }),
      d.groupMember.findMany({
        select: { groupId: true, userId: true },
        orderBy: [{ groupId: "asc" }, { userId: "asc" }],
      }),
      d.provisioningRun.findMany({
        select: { id: true, clientId: true, status: true, currentStep: true, generation: true },
        orderBy: { id: "asc" },
      }),
      d.job.findMany({ select: { id: true, type: true, status: true }, orderBy: { id: "asc" } }),
    ]);
  const containers = w.docker
    ? (await rawDocker.listContainers({ all: true, filters: { name: [w.prefix] } }))
        .map((c) => `${c.Id}:${c.State}:${JSON.stringify(c.Labels)}`)
        .sort()
    : [];
  return { clients, memberships, users, zones, records, tokens, sessions, passkeys, groups, runs, jobs, containers };
}
