import crypto from "node:crypto";
import {
  createGroupRoleMapping,
  createGroupWithMember,
  freshGroup,
  freshNetwork,
  freshOwnToken,
  freshSessionOf,
  freshVolume,
  STEP_UP_PASSWORD,
} from "./resources";
import { freshPasskey, freshUserOfA, type Caller, type World } from "../tenant-isolation/world";
import { CLIENT_SCOPED, type Fixture } from "../tenant-isolation/fixtures";
import type { Op } from "../tenant-isolation/call";
import type { Probe } from "./probe";

// How the matrix calls each GraphQL root field. A field the tenant-isolation suite already
// calls on tenant A's resource reuses that call (its first fixture); own-account fields are also
// called on the caller's own things; the rest (the installation's fields) are written here with
// arguments valid for a caller who may, so a refusal is never just bad input.

const rand = () => crypto.randomBytes(3).toString("hex");
const q = (query: string, variables?: Record<string, unknown>): Op => ({ query, variables });

/** Own-account fields whose tenant-isolation fixture acts on A's user's (or A's admin's) things. */
const OWNER_OF_FIXTURE: Record<string, Caller> = {
  "Query.apiTokens": "aUser",
  "Mutation.revokeApiToken": "aUser",
  "Query.mySessions": "aUser",
  "Mutation.revokeSession": "aUser",
  "Query.myPasskeys": "aUser",
  "Mutation.renamePasskey": "aUser",
  "Mutation.revokePasskey": "aUser",
  "Query.auditLogs": "aAdmin",
  "Subscription.auditLogCreated": "aAdmin",
};
/** Fixtures that do not say "A's resource" in the matrix's sense (called on the caller's own). */
const NOT_FROM_FIXTURE = new Set(["Query.me", "Query.systemStatus"]);

function fromFixture(field: string): Probe | null {
  const entry = CLIENT_SCOPED[field];
  if (!entry || NOT_FROM_FIXTURE.has(field)) return null;
  const f: Fixture = Array.isArray(entry) ? entry[0]! : entry;
  return {
    target: OWNER_OF_FIXTURE[field] ?? "A",
    graphql: (w) => f.op(w),
    marker: f.marker ? (w) => f.marker!(w) : undefined,
    filtered: f.foreign === "filtered",
    docker: f.docker,
    trigger: f.trigger,
  };
}

const self = (graphql: Probe["graphql"], marker?: Probe["marker"], extra: Partial<Probe> = {}): Probe => ({
  target: "self",
  graphql,
  marker,
  ...extra,
});
const everywhere = (graphql: Probe["graphql"], extra: Partial<Probe> = {}): Probe => ({
  target: "installation",
  graphql,
  ...extra,
});

const own: Record<
  string,
  { op: (w: World, c: Caller) => Promise<{ op: Op; marker?: string }>; extra?: Partial<Probe> }
> = {
  "Query.me": { op: async (w, c) => ({ op: q("{ me { id username } }"), marker: w.actors[c].userId }) },
  "Query.apiTokens": {
    op: async (w, c) => {
      const id = await freshOwnToken(w, c);
      return { op: q("{ apiTokens { id } }"), marker: id };
    },
  },
  "Mutation.createApiToken": {
    op: async () => ({ op: q('mutation { createApiToken(name: "matrix", expiresInDays: 1) { id } }') }),
    extra: {
      skipAllowed:
        "the matrix calls GraphQL with API tokens, and a token never makes tokens (ADR 027); the settings page's createTokenAction and security-credentials-step-up.test.ts cover the allowed path",
    },
  },
  "Mutation.changePassword": {
    op: async () => ({
      op: q("mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }", {
        c: STEP_UP_PASSWORD,
        n: `matrix ${rand()} new passphrase`,
      }),
    }),
    extra: {
      skipAllowed:
        "a changed password would break the matrix's step-up confirmations; security-passwords.test.ts covers the allowed path",
    },
  },
  "Mutation.revokeApiToken": {
    op: async (w, c) => ({
      op: q("mutation($id: ID!) { revokeApiToken(id: $id) }", { id: await freshOwnToken(w, c) }),
    }),
  },
  "Query.mySessions": {
    op: async (w, c) => {
      const id = await freshSessionOf(w.actors[c].userId);
      return { op: q("{ mySessions { id } }"), marker: id };
    },
  },
  "Mutation.revokeSession": {
    op: async (w, c) => ({
      op: q("mutation($id: ID!) { revokeSession(id: $id) }", { id: await freshSessionOf(w.actors[c].userId) }),
    }),
  },
  "Mutation.revokeAllSessions": { op: async () => ({ op: q("mutation { revokeAllSessions }") }) },
  "Query.myPasskeys": {
    op: async (w, c) => {
      const id = await freshPasskey(w.actors[c].userId);
      return { op: q("{ myPasskeys { id } }"), marker: id };
    },
  },
  "Mutation.renamePasskey": {
    op: async (w, c) => ({
      op: q('mutation($id: ID!) { renamePasskey(id: $id, name: "Renamed") }', {
        id: await freshPasskey(w.actors[c].userId),
      }),
    }),
  },
  "Mutation.revokePasskey": {
    op: async (w, c) => ({
      op: q("mutation($id: ID!) { revokePasskey(id: $id) }", { id: await freshPasskey(w.actors[c].userId) }),
    }),
  },
  "Mutation.confirmStepUpWithPassword": {
    op: async () => ({
      op: q("mutation($p: String!) { confirmStepUpWithPassword(password: $p) { confirmedAt } }", {
        p: STEP_UP_PASSWORD,
      }),
    }),
  },
  // Every caller has a passkey (resources.ts): options are for the caller's own.
  "Mutation.stepUpPasskeyOptions": { op: async () => ({ op: q("mutation { stepUpPasskeyOptions }") }) },
  "Mutation.confirmStepUpWithPasskey": {
    op: async () => ({
      op: q("mutation($r: JSON!) { confirmStepUpWithPasskey(response: $r) { confirmedAt } }", {
        r: { id: `unknown-${rand()}`, type: "public-key", response: {} },
      }),
    }),
  },
};

const installation: Record<string, Probe> = {
  "Query.systemStatus": everywhere(() => q("{ systemStatus { clientCount } }")),
  "Query.serviceTemplates": everywhere(() => q("{ serviceTemplates { type } }")),
  "Mutation.createClient": everywhere(() =>
    q("mutation($i: CreateClientInput!) { createClient(input: $i) { id } }", {
      i: { name: `Matrix ${rand()}`, domain: `matrix-${rand()}.test` },
    }),
  ),
  "Query.groups": everywhere(() => q("{ groups { id name } }")),
  "Mutation.addUserToGroup": everywhere(async (w) =>
    q("mutation($g: ID!, $u: ID!) { addUserToGroup(groupId: $g, userId: $u) }", {
      g: await freshGroup(),
      u: (await freshUserOfA(w)).userId,
    }),
  ),
  "Mutation.removeUserFromGroup": everywhere(async (w) => {
    const m = await createGroupWithMember(w);
    return q("mutation($g: ID!, $u: ID!) { removeUserFromGroup(groupId: $g, userId: $u) }", {
      g: m.groupId,
      u: m.userId,
    });
  }),
  "Query.scripts": everywhere(() => q("{ scripts { name } }")),
  "Mutation.executeScript": everywhere(() =>
    q('mutation { executeScript(name: "echo-args", args: ["x"]) { exitCode } }'),
  ),
  "Subscription.executeScriptStream": everywhere(() =>
    q('subscription { executeScriptStream(name: "echo-args", args: ["x"]) { text } }'),
  ),
  "Query.groupRoleMappings": everywhere(() => q("{ groupRoleMappings { pattern role } }")),
  "Mutation.setGroupRoleMapping": everywhere((w) =>
    q('mutation($p: String!) { setGroupRoleMapping(pattern: $p, role: "CLIENT_USER") { pattern } }', {
      p: `${w.prefix}${rand()}-{domain}-users`,
    }),
  ),
  "Mutation.deleteGroupRoleMapping": everywhere(async (w) =>
    q("mutation($p: String!) { deleteGroupRoleMapping(pattern: $p) }", { p: await createGroupRoleMapping(w) }),
  ),
  "Query.images": everywhere(() => q("{ images { id } }"), { docker: true }),
  "Mutation.pruneImages": everywhere(() => q("mutation { pruneImages { deleted } }"), {
    docker: true,
    skipAllowed: "would remove dangling images of the Docker engine other test runs share",
  }),
  "Subscription.pullImage": everywhere(() => q('subscription { pullImage(reference: "local/busybox:1") { status } }'), {
    docker: true,
    skipAllowed: "pulling needs a registry the test machine does not reach",
  }),
  "Query.networks": everywhere(() => q("{ networks { id } }"), { docker: true }),
  "Mutation.createNetwork": everywhere(
    (w) => q("mutation($n: String!) { createNetwork(name: $n) { id } }", { n: `${w.prefix}net-${rand()}` }),
    { docker: true },
  ),
  "Mutation.removeNetwork": everywhere(
    async (w) => q("mutation($n: String!) { removeNetwork(name: $n) }", { n: await freshNetwork(w) }),
    { docker: true },
  ),
  "Query.volumes": everywhere(() => q("{ volumes { name } }"), { docker: true }),
  "Mutation.createVolume": everywhere(
    (w) => q("mutation($n: String!) { createVolume(name: $n) { name } }", { n: `${w.prefix}vol-${rand()}` }),
    { docker: true },
  ),
  "Mutation.removeVolume": everywhere(
    async (w) => q("mutation($n: String!) { removeVolume(name: $n) }", { n: await freshVolume(w) }),
    { docker: true },
  ),
};

/** The probes of one root field ([] = the matrix has no way to call it: the test fails). */
export function graphqlProbes(field: string): Probe[] {
  const out: Probe[] = [];
  const fixture = fromFixture(field);
  if (fixture) out.push(fixture);
  const mine = own[field];
  if (mine) {
    const made = new Map<string, { op: Op; marker?: string }>();
    const key = (w: World, c: Caller) => `${w.tag}:${c}`;
    out.push(
      self(
        async (w, c) => {
          const m = await mine.op(w, c);
          made.set(key(w, c), m);
          return m.op;
        },
        (w, c) => made.get(key(w, c))?.marker,
        mine.extra,
      ),
    );
  }
  if (installation[field]) out.push(installation[field]);
  return out;
}
