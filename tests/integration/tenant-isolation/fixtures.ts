import crypto from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import { events } from "@/lib/events";
import { createZone } from "@/lib/dns/zones";
import { db } from "@/lib/db";
import { STEP_NAMES } from "@/lib/provisioning/step-names";
import { createUserActor } from "../../support/actors";
import { rawDocker } from "../../support/services-fixtures";
import type { Op } from "./call";
import {
  freshApiToken,
  freshClient,
  freshContainer,
  freshPasskey,
  freshRecord,
  freshSession,
  freshUserOfA,
  type Caller,
  type TenantRole,
  type World,
} from "./world";

// Every root field of the schema (Query, Mutation, Subscription) is in exactly one of the two
// tables below; tests/integration/tenant-isolation-schema.test.ts fails naming any field in
// neither. A client-scoped field says how to call it on tenant A's resource with valid
// arguments; the suite then calls it as B's CLIENT_USER and CLIENT_ADMIN (refused, or an answer
// without A's data, and nothing changed) and as A's roles (success for those in `allowed`).

export type Fixture = {
  /** A's roles that may do it; [] = an operator's action (a SUPER_ADMIN shows the call works). */
  allowed: TenantRole[];
  /** B's answer: "refused" = FORBIDDEN or NOT_FOUND; "filtered" = that, or success without A's data. */
  foreign: "refused" | "filtered";
  /** The call on A's resource. Called once for B's attempts and again for each permitted call,
   *  so a call that uses its resource up (delete, revoke, stop) makes a fresh one each time. */
  op: (w: World) => Op | Promise<Op>;
  /** A string only A's data holds: in a permitted answer, never in B's. */
  marker?: (w: World) => string;
  /** Needs the Docker engine (runs on the PostgreSQL pass only). */
  docker?: boolean;
  /** Subscriptions: makes one of A's events happen. */
  trigger?: (w: World) => Promise<void>;
  /** The code a SUPER_ADMIN gets as well, when the call breaks a rule of the data for everyone
   *  (B renamed into A's domain); by default the SUPER_ADMIN's call succeeds. */
  operator?: string;
  /** Extra check of a successful answer to B (counts that must not include A). */
  foreignCheck?: (data: unknown, w: World, caller: Caller) => void;
};

const rand = () => crypto.randomBytes(3).toString("hex");
const q = (query: string, variables?: Record<string, unknown>): Op => ({ query, variables });
export const freshZone = async (w: World) =>
  (
    await createZone({
      actor: w.actors.super,
      input: { name: `z${rand()}.${w.zoneA}`, clientId: w.a.id, nameservers: [`ns1.${w.zoneA}`] },
    })
  ).name;
const memberName = (w: World) => w.actors.aUser.username;

export const CLIENT_SCOPED: Record<string, Fixture | Fixture[]> = {
  // ── clients ──
  "Query.clients": [
    {
      allowed: ["admin", "user"],
      foreign: "filtered",
      op: () => q("{ clients { id name serviceCount userCount } }"),
      marker: (w) => w.a.name,
    },
    {
      allowed: ["admin", "user"],
      foreign: "filtered",
      op: (w) => q("query($f: ClientFilter) { clients(filter: $f) { id name } }", { f: { search: w.a.name } }),
      marker: (w) => w.a.id,
    },
  ],
  "Query.client": {
    allowed: ["admin", "user"],
    foreign: "refused",
    op: (w) =>
      q("query($id: ID!) { client(id: $id) { id name billing { plan } serviceCount userCount } }", { id: w.a.id }),
    marker: (w) => w.a.name,
  },
  "Mutation.updateClient": [
    {
      allowed: ["admin"],
      foreign: "refused",
      op: (w) =>
        q("mutation($id: ID!, $i: UpdateClientInput!) { updateClient(id: $id, input: $i) { id } }", {
          id: w.a.id,
          i: { metadata: { note: rand() } },
        }),
    },
    // Renamed domain (issue 10): B's own client moved into A's names, in mixed case (more
    // spellings in security-domain-takeover.test.ts). Runs before the DNS fields: had it worked, B would reach A's zone
    // sub.<zoneA> there. Client roles are refused; a SUPER_ADMIN gets CONFLICT (the names are A's).
    {
      allowed: [],
      foreign: "refused",
      operator: "CONFLICT",
      op: (w) =>
        q("mutation($id: ID!, $i: UpdateClientInput!) { updateClient(id: $id, input: $i) { id domain } }", {
          id: w.b.id,
          i: { domain: `Sub.${w.zoneA.toUpperCase()}` },
        }),
    },
  ],
  "Mutation.deleteClient": {
    allowed: [],
    foreign: "refused",
    op: async (w) => q("mutation($id: ID!) { deleteClient(id: $id) }", { id: (await freshClient(w)).id }),
  },
  "Mutation.suspendClient": {
    allowed: [],
    foreign: "refused",
    op: async (w) => q("mutation($id: ID!) { suspendClient(id: $id) { status } }", { id: (await freshClient(w)).id }),
  },
  "Mutation.resumeClient": {
    allowed: [],
    foreign: "refused",
    op: async (w) =>
      q("mutation($id: ID!) { resumeClient(id: $id) { status } }", { id: (await freshClient(w, "suspended")).id }),
  },
  "Mutation.addClientUser": [
    {
      allowed: ["admin"],
      foreign: "refused",
      op: async (w) =>
        q("mutation($c: ID!, $i: AddClientUserInput!) { addClientUser(clientId: $c, input: $i) { userId } }", {
          c: w.a.id,
          i: { user: (await createUserActor()).username, role: "USER" },
        }),
    },
    // B's admin pulling A's admin into B by name: "no such user" (it would reveal their e-mail
    // and make them B's to manage). Operators may.
    {
      allowed: [],
      foreign: "refused",
      op: async (w) =>
        q("mutation($c: ID!, $i: AddClientUserInput!) { addClientUser(clientId: $c, input: $i) { userId email } }", {
          c: w.b.id,
          i: {
            user: (await createUserActor({ clients: [{ clientId: w.a.id, role: "admin" }] })).username,
            role: "ADMIN",
          },
        }),
    },
  ],
  "Mutation.removeClientUser": {
    allowed: ["admin"],
    foreign: "refused",
    op: async (w) =>
      q("mutation($c: ID!, $u: ID!) { removeClientUser(clientId: $c, userId: $u) }", {
        c: w.a.id,
        u: (await freshUserOfA(w)).userId,
      }),
  },
  "Subscription.clientStatusChanged": [
    {
      allowed: ["admin", "user"],
      foreign: "filtered",
      op: () => q("subscription { clientStatusChanged { id name status } }"),
      marker: (w) => w.a.name,
      trigger: publishClientStatus,
    },
    {
      allowed: ["admin", "user"],
      foreign: "refused",
      op: (w) => q("subscription($id: ID) { clientStatusChanged(clientId: $id) { id name } }", { id: w.a.id }),
      marker: (w) => w.a.name,
      trigger: publishClientStatus,
    },
  ],

  // ── provisioning (lib/provisioning) ──
  "Query.clientProvisioning": {
    allowed: ["admin", "user"],
    foreign: "refused",
    marker: (w) => w.a.id,
    op: async (w) => (
      await provisioningRun(w.a.id, "succeeded"),
      q("query($id: ID!) { clientProvisioning(clientId: $id) { clientId status steps { name status } } }", {
        id: w.a.id,
      })
    ),
  },
  "Mutation.retryProvisioning": {
    allowed: [],
    foreign: "refused",
    op: async (w) =>
      q("mutation($id: ID!) { retryProvisioning(clientId: $id, fromStep: VALIDATE) { status } }", {
        id: await failedProvisioningOfA(w),
      }),
  },
  "Mutation.rollbackProvisioning": {
    allowed: [],
    foreign: "refused",
    op: async (w) =>
      q("mutation($id: ID!) { rollbackProvisioning(clientId: $id) { status } }", {
        id: await failedProvisioningOfA(w),
      }),
  },
  "Subscription.provisioningProgress": {
    allowed: ["admin", "user"],
    foreign: "refused",
    marker: (w) => w.a.id,
    trigger: publishProvisioningOfA,
    op: (w) =>
      q("subscription($id: ID!) { provisioningProgress(clientId: $id) { clientId step line } }", { id: w.a.id }),
  },

  // ── users and client users ──
  "Query.users": [
    // The shared user is B's too: B's admin sees it, but not that it belongs to A.
    {
      allowed: ["admin"],
      foreign: "filtered",
      op: () => q("{ users { id username email clients { id name } } }"),
      marker: memberName,
    },
    {
      allowed: ["admin"],
      foreign: "filtered",
      op: (w) => q("query($f: UserFilter) { users(filter: $f) { id username } }", { f: { client: w.a.id } }),
      marker: memberName,
    },
  ],
  "Query.user": {
    allowed: ["admin"],
    foreign: "refused",
    op: (w) =>
      q("query($id: ID!) { user(id: $id) { id username email clients { name } } }", { id: w.actors.aUser.userId }),
    marker: memberName,
  },
  "Mutation.createUser": {
    allowed: ["admin"],
    foreign: "refused",
    op: (w) => {
      const n = `new-${rand()}`;
      return q("mutation($i: CreateUserInput!) { createUser(input: $i) { id } }", {
        i: { username: n, email: `${n}@example.test`, clientIds: [w.a.id] },
      });
    },
  },
  "Mutation.updateUser": [
    {
      allowed: ["admin"],
      foreign: "refused",
      op: async (w) =>
        q("mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }", {
          id: (await freshUserOfA(w)).userId,
          i: { fullName: `Renamed ${rand()}` },
        }),
    },
    // A's admin who is also a user of B: B's admin sees them, but must not set their password
    // (that would be a way into A). Nor may A's admin change a user B also has: operators only.
    {
      allowed: [],
      foreign: "refused",
      op: async (w) =>
        q("mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }", {
          id: (
            await createUserActor({
              clients: [
                { clientId: w.a.id, role: "admin" },
                { clientId: w.b.id, role: "user" },
              ],
            })
          ).userId,
          i: { password: `taken-over-${rand()}-${rand()}`, email: `moved-${rand()}@example.test` },
        }),
    },
  ],
  "Mutation.deleteUser": {
    allowed: [],
    foreign: "refused",
    op: async (w) => q("mutation($id: ID!) { deleteUser(id: $id) }", { id: (await freshUserOfA(w)).userId }),
  },
  "Query.me": {
    allowed: ["admin", "user"],
    foreign: "filtered",
    op: () => q("{ me { id username clientIds } }"),
    marker: (w) => w.a.id,
  },
  "Query.systemStatus": {
    allowed: ["admin", "user"],
    foreign: "filtered",
    op: () => q("{ systemStatus { clientCount containerCount } }"),
    // B's counts are B's own: one client, and B's containers only.
    foreignCheck: (data, w) => {
      const s = (data as { systemStatus: { clientCount: number; containerCount: number } }).systemStatus;
      if (s.clientCount !== 1 || s.containerCount !== (w.serviceB ? 1 : 0))
        throw new Error(`systemStatus counts beyond B: ${JSON.stringify(s)}`);
    },
  },

  // ── audit log ──
  "Query.auditLogs": [
    {
      allowed: ["admin"],
      foreign: "filtered",
      op: (w) =>
        q("query($f: AuditLogFilter) { auditLogs(first: 100, filter: $f) { edges { node { id userId action } } } }", {
          f: { resourceId: w.a.id },
        }),
      marker: (w) => w.auditA,
    },
    {
      allowed: ["admin"],
      foreign: "filtered",
      op: (w) =>
        q("query($f: AuditLogFilter) { auditLogs(first: 100, filter: $f) { edges { node { id } } } }", {
          f: { userId: w.actors.aAdmin.userId },
        }),
      marker: (w) => w.auditA,
    },
  ],
  "Subscription.auditLogCreated": {
    allowed: ["admin"],
    foreign: "filtered",
    op: () => q("subscription { auditLogCreated { id userId action } }"),
    marker: (w) => w.actors.aAdmin.userId,
    trigger: async (w) =>
      void (await recordAudit({
        userId: w.actors.aAdmin.userId,
        action: "client.update",
        resourceType: "client",
        resourceId: w.a.id,
        result: "success",
      })),
  },

  // ── DNS ──
  "Query.dnsZones": {
    allowed: ["admin", "user"],
    foreign: "filtered",
    op: () => q("{ dnsZones { id name recordCount } }"),
    marker: (w) => w.zoneA,
  },
  "Query.dnsRecords": {
    allowed: ["admin", "user"],
    foreign: "refused",
    op: (w) => q("query($z: String!) { dnsRecords(zone: $z) { id value } }", { z: w.zoneA }),
    marker: (w) => w.recordA.value,
  },
  "Query.dnsZoneFile": {
    allowed: ["admin", "user"],
    foreign: "refused",
    op: (w) => q("query($z: String!) { dnsZoneFile(zone: $z) }", { z: w.zoneA }),
    marker: (w) => w.recordA.value,
  },
  "Query.dnsHealth": {
    allowed: ["admin", "user"],
    foreign: "refused",
    op: (w) => q("query($z: String!) { dnsHealth(zone: $z) { recordId status } }", { z: w.zoneA }),
    marker: (w) => w.recordA.id,
  },
  "Query.dnsDNSSEC": {
    allowed: ["admin", "user"],
    foreign: "refused",
    op: (w) => q("query($z: String!) { dnsDNSSEC(zone: $z) { enabled } }", { z: w.zoneA }),
  },
  "Mutation.createDNSRecord": {
    allowed: ["admin"],
    foreign: "refused",
    op: (w) =>
      q("mutation($i: CreateDNSRecordInput!) { createDNSRecord(input: $i) { id } }", {
        i: { zone: w.zoneA, name: `n${rand()}`, type: "A", value: "192.0.2.20" },
      }),
  },
  "Mutation.updateDNSRecord": {
    allowed: ["admin"],
    foreign: "refused",
    op: (w) =>
      q("mutation($id: ID!, $i: UpdateDNSRecordInput!) { updateDNSRecord(id: $id, input: $i) { id } }", {
        id: w.recordA.id,
        i: { ttl: 300 + crypto.randomInt(3000) },
      }),
  },
  "Mutation.deleteDNSRecord": {
    allowed: ["admin"],
    foreign: "refused",
    op: async (w) => q("mutation($id: ID!) { deleteDNSRecord(id: $id) }", { id: await freshRecord(w) }),
  },
  "Mutation.deleteDNSRecords": {
    allowed: ["admin"],
    foreign: "refused",
    op: async (w) => q("mutation($ids: [ID!]!) { deleteDNSRecords(ids: $ids) }", { ids: [await freshRecord(w)] }),
  },
  "Mutation.importDNSZone": {
    allowed: ["admin"],
    foreign: "refused",
    op: (w) =>
      q("mutation($z: String!, $t: String!) { importDNSZone(zone: $z, text: $t) { added } }", {
        z: w.zoneA,
        t: `$ORIGIN ${w.zoneA}.\nimp${rand()} 300 IN A 192.0.2.30\n`,
      }),
  },
  "Mutation.createDNSZone": {
    allowed: [],
    foreign: "refused",
    op: (w) =>
      q("mutation($i: CreateDNSZoneInput!) { createDNSZone(input: $i) { id } }", {
        i: { name: `new${rand()}.${w.zoneA}`, clientId: w.a.id, nameservers: [`ns1.${w.zoneA}`] },
      }),
  },
  "Mutation.deleteDNSZone": {
    allowed: [],
    foreign: "refused",
    op: async (w) => q("mutation($z: String!) { deleteDNSZone(zone: $z) }", { z: await freshZone(w) }),
  },
  "Mutation.enableDNSSEC": {
    allowed: [],
    foreign: "refused",
    op: async (w) => q("mutation($z: String!) { enableDNSSEC(zone: $z) { enabled } }", { z: await freshZone(w) }),
  },

  // ── services (real containers labelled securenexus.client) ──
  "Query.services": [
    {
      docker: true,
      allowed: ["admin", "user"],
      foreign: "filtered",
      op: (w) =>
        q("query($f: ServiceFilter) { services(filter: $f) { id name clientId } }", { f: { search: w.prefix } }),
      marker: (w) => w.serviceAName,
    },
    {
      docker: true,
      allowed: ["admin", "user"],
      foreign: "filtered",
      op: (w) => q("query($f: ServiceFilter) { services(filter: $f) { id name } }", { f: { clientId: w.a.id } }),
      marker: (w) => w.serviceAName,
    },
  ],
  "Query.service": {
    docker: true,
    allowed: ["admin", "user"],
    foreign: "refused",
    op: (w) => q("query($id: ID!) { service(id: $id) { id name logs(tail: 3) } }", { id: w.serviceA }),
    marker: (w) => w.serviceAName,
  },
  "Mutation.startService": {
    docker: true,
    allowed: ["admin"],
    foreign: "refused",
    op: async (w) =>
      q("mutation($id: ID!) { startService(id: $id, timeout: 1) { status } }", { id: await freshContainer(w, false) }),
  },
  "Mutation.stopService": {
    docker: true,
    allowed: ["admin"],
    foreign: "refused",
    op: async (w) =>
      q("mutation($id: ID!) { stopService(id: $id, timeout: 1) { status } }", { id: await freshContainer(w) }),
  },
  "Mutation.restartService": {
    docker: true,
    allowed: ["admin"],
    foreign: "refused",
    op: async (w) =>
      q("mutation($id: ID!) { restartService(id: $id, timeout: 1) { status } }", { id: await freshContainer(w) }),
  },
  "Mutation.execInService": {
    docker: true,
    allowed: [],
    foreign: "refused",
    op: (w) =>
      q('mutation($id: ID!) { execInService(id: $id, command: ["echo", "hi"]) { exitCode stdout } }', {
        id: w.serviceA,
      }),
  },
  "Subscription.logStream": {
    docker: true,
    allowed: ["admin", "user"],
    foreign: "refused",
    op: (w) =>
      q("subscription($id: ID!) { logStream(serviceId: $id, tail: 2) { serviceId message } }", { id: w.serviceA }),
    marker: (w) => w.serviceA!,
  },
  "Subscription.serviceStatusChanged": [
    {
      docker: true,
      allowed: ["admin", "user"],
      foreign: "filtered",
      op: (w) =>
        q("subscription($f: ServiceFilter) { serviceStatusChanged(filter: $f) { id name status } }", {
          f: { search: w.prefix },
        }),
      marker: (w) => w.serviceAName,
      trigger: restartServiceA,
    },
    {
      docker: true,
      allowed: ["admin", "user"],
      foreign: "refused",
      op: (w) =>
        q("subscription($f: ServiceFilter) { serviceStatusChanged(filter: $f) { id name status } }", {
          f: { id: w.serviceA },
        }),
      marker: (w) => w.serviceAName,
      trigger: restartServiceA,
    },
  ],

  // ── a user's own sign-in things (A's user's session, token, passkey) ──
  "Query.apiTokens": {
    allowed: ["user"],
    foreign: "filtered",
    op: () => q("{ apiTokens { id name } }"),
    marker: (w) => w.apiTokenA,
  },
  "Mutation.revokeApiToken": {
    allowed: ["user"],
    foreign: "refused",
    op: async (w) => q("mutation($id: ID!) { revokeApiToken(id: $id) }", { id: await freshApiToken(w) }),
  },
  "Query.mySessions": {
    allowed: ["user"],
    foreign: "filtered",
    op: () => q("{ mySessions { id } }"),
    marker: (w) => w.sessionA,
  },
  "Mutation.revokeSession": {
    allowed: ["user"],
    foreign: "refused",
    op: async (w) => q("mutation($id: ID!) { revokeSession(id: $id) }", { id: await freshSession(w) }),
  },
  "Query.myPasskeys": {
    allowed: ["user"],
    foreign: "filtered",
    op: () => q("{ myPasskeys { id name } }"),
    marker: (w) => w.passkeyA,
  },
  "Mutation.renamePasskey": {
    allowed: ["user"],
    foreign: "refused",
    op: (w) =>
      q("mutation($id: ID!, $n: String!) { renamePasskey(id: $id, name: $n) }", {
        id: w.passkeyA,
        n: `Alpha ${rand()}`,
      }),
  },
  "Mutation.revokePasskey": {
    allowed: ["user"],
    foreign: "refused",
    op: async (w) =>
      q("mutation($id: ID!) { revokePasskey(id: $id) }", { id: await freshPasskey(w.actors.aUser.userId) }),
  },
};

/** A provisioning run of the client with every step in one state (as the job leaves it). */
async function provisioningRun(clientId: string, status: "succeeded" | "failed") {
  await db().provisioningRun.upsert({
    where: { clientId },
    update: {},
    create: {
      clientId,
      status,
      currentStep: status === "failed" ? "validate" : null,
      error: status === "failed" ? "test failure" : null,
      steps: {
        create: STEP_NAMES.map((name, position) => ({
          name,
          position,
          status: status === "failed" && position === 0 ? "failed" : status === "failed" ? "pending" : "succeeded",
        })),
      },
    },
  });
}

/** A second client of A whose provisioning failed at its first step (retry or roll back it). */
export async function failedProvisioningOfA(w: World) {
  const c = await freshClient(w, "provisioning");
  await provisioningRun(c.id, "failed");
  return c.id;
}

async function publishProvisioningOfA(w: World) {
  await events().publish("client.provisioning", {
    clientId: w.a.id,
    runId: crypto.randomUUID(),
    step: "dns",
    status: "running",
    percent: 40,
    line: "tick",
  });
}

async function publishClientStatus(w: World) {
  await events().publish("client.status", { clientId: w.a.id, status: "active" });
}

async function restartServiceA(w: World) {
  await rawDocker.getContainer(w.serviceA!).restart({ t: 1 });
}

export type NotScoped = {
  reason: string;
  /** For an operator-only field: a valid call that every client role must see refused (FORBIDDEN). */
  refusedForClientRoles?: (w: World) => Op;
};

export const NOT_CLIENT_SCOPED: Record<string, NotScoped> = {
  "Mutation.createApiToken": { reason: "makes a token for the caller's own account; no argument names anyone else's" },
  "Mutation.revokeAllSessions": { reason: "signs the caller's own sessions out; no argument names anyone else's" },
  "Mutation.changePassword": {
    reason: "changes the caller's own password, given the current one; no argument names anyone else's",
  },
  "Mutation.confirmStepUpWithPassword": {
    reason: "confirms the caller's own sign-in (its session or token) with its own password",
  },
  "Mutation.confirmStepUpWithPasskey": {
    reason: "confirms the caller's own sign-in; another user's passkey is refused as unknown (step-up's own tests)",
  },
  "Mutation.stepUpPasskeyOptions": { reason: "a challenge for the caller's own passkeys" },
  "Query.serviceTemplates": {
    reason: "the service catalog is the same for everyone and holds placeholders, never a client's data",
  },
  "Mutation.createClient": {
    reason: "a new client belongs to no tenant yet; SUPER_ADMIN only",
    refusedForClientRoles: () =>
      q("mutation($i: CreateClientInput!) { createClient(input: $i) { id } }", {
        i: { name: "Intruder", domain: `intruder-${rand()}.test` },
      }),
  },
  "Query.groups": {
    reason: "directory groups are global; operators only",
    refusedForClientRoles: () => q("{ groups { id name } }"),
  },
  "Mutation.addUserToGroup": {
    reason: "directory groups are global; operators only",
    refusedForClientRoles: (w) =>
      q("mutation($g: ID!, $u: ID!) { addUserToGroup(groupId: $g, userId: $u) }", {
        g: crypto.randomUUID(),
        u: w.actors.aUser.userId,
      }),
  },
  "Mutation.removeUserFromGroup": {
    reason: "directory groups are global; operators only",
    refusedForClientRoles: (w) =>
      q("mutation($g: ID!, $u: ID!) { removeUserFromGroup(groupId: $g, userId: $u) }", {
        g: crypto.randomUUID(),
        u: w.actors.aUser.userId,
      }),
  },
  "Query.scripts": {
    reason: "operator scripts act on the host; operators only",
    refusedForClientRoles: () => q("{ scripts { name } }"),
  },
  "Mutation.executeScript": {
    reason: "operator scripts act on the host; operators only",
    refusedForClientRoles: () => q('mutation { executeScript(name: "echo-args", args: ["x"]) { exitCode } }'),
  },
  "Subscription.executeScriptStream": {
    reason: "operator scripts act on the host; operators only",
    refusedForClientRoles: () => q('subscription { executeScriptStream(name: "echo-args", args: ["x"]) { text } }'),
  },
  "Query.groupRoleMappings": {
    reason: "the group → role mapping is the whole installation's setting; operators only",
    refusedForClientRoles: () => q("{ groupRoleMappings { pattern role } }"),
  },
  "Mutation.setGroupRoleMapping": {
    reason: "the group → role mapping is the whole installation's setting; operators only",
    refusedForClientRoles: (w) =>
      q('mutation($p: String!) { setGroupRoleMapping(pattern: $p, role: "CLIENT_ADMIN") { pattern } }', {
        p: `${w.prefix}{domain}-admins`,
      }),
  },
  "Mutation.deleteGroupRoleMapping": {
    reason: "the group → role mapping is the whole installation's setting; operators only",
    refusedForClientRoles: (w) =>
      q("mutation($p: String!) { deleteGroupRoleMapping(pattern: $p) }", { p: `${w.prefix}{domain}-admins` }),
  },
  "Query.images": {
    reason: "Docker images are host-wide; operators only",
    refusedForClientRoles: () => q("{ images { id } }"),
  },
  "Mutation.pruneImages": {
    reason: "Docker images are host-wide; operators only",
    refusedForClientRoles: () => q("mutation { pruneImages { deleted } }"),
  },
  "Subscription.pullImage": {
    reason: "Docker images are host-wide; operators only",
    refusedForClientRoles: () => q('subscription { pullImage(reference: "local/busybox:1") { status } }'),
  },
  "Query.networks": {
    reason: "Docker networks are host-wide; operators only",
    refusedForClientRoles: () => q("{ networks { id } }"),
  },
  "Mutation.createNetwork": {
    reason: "Docker networks are host-wide; operators only",
    refusedForClientRoles: (w) =>
      q("mutation($n: String!) { createNetwork(name: $n) { id } }", { n: `${w.prefix}net` }),
  },
  "Mutation.removeNetwork": {
    reason: "Docker networks are host-wide; operators only",
    refusedForClientRoles: () => q('mutation { removeNetwork(name: "bridge") }'),
  },
  "Query.volumes": {
    reason: "Docker volumes are host-wide; operators only",
    refusedForClientRoles: () => q("{ volumes { name } }"),
  },
  "Mutation.createVolume": {
    reason: "Docker volumes are host-wide; operators only",
    refusedForClientRoles: (w) =>
      q("mutation($n: String!) { createVolume(name: $n) { name } }", { n: `${w.prefix}vol` }),
  },
  "Mutation.removeVolume": {
    reason: "Docker volumes are host-wide; operators only",
    refusedForClientRoles: (w) => q("mutation($n: String!) { removeVolume(name: $n) }", { n: `${w.prefix}vol` }),
  },
};
