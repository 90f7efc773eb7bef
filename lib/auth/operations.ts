import type { Permission } from "./permissions";

// Every door of the console and what it takes to pass it: each GraphQL root field
// (`Query.x`, `Mutation.y`, `Subscription.z`) and each exported server action
// (`action:<file>#<function>`, with `(<argument>)` when the argument picks the permission).
// Pure data beside PERMISSIONS: tests/integration/security-role-matrix.test.ts calls every door
// as every role, inside and outside the client's scope, and expects exactly what this table and
// PERMISSIONS say; scripts/print-permissions.ts prints both into docs/security/permissions.md.
// A door added without a row fails tests/unit/permissions-doc.test.ts, naming it.

/** A permission of lib/auth/permissions.ts; "signed-in": any signed-in user (even with no
 *  role), on their own things; "public": no sign-in at all. */
export type Requirement = Permission | "signed-in" | "public";

/**
 * What the operation reaches:
 * - "client": one client's things (its record, users, zones, records, containers, provisioning):
 *   a global role acts on every client, a client role only on the clients it holds that role for.
 * - "own": the caller's own account (tokens, sessions, passkeys, step-up, audit rows they wrote):
 *   nobody reaches another user's, except holders of `allWith`.
 * - "installation": the whole installation (Docker host, directory groups, settings, the service
 *   catalog): whoever holds the permission, whatever their client.
 */
export type Scope = "client" | "own" | "installation";

export type Operation = {
  needs: Requirement;
  scope: Scope;
  /** a fresh step-up confirmation (password or passkey, lib/auth/step-up/step-up.ts) first */
  stepUp?: true;
  /** for "own": who holds this permission reaches everyone's, not only their own */
  allWith?: Permission;
  /** what a reader of the table must know besides the permission */
  note?: string;
};

const client = (needs: Permission, extra: Partial<Operation> = {}): Operation => ({ needs, scope: "client", ...extra });
const own = (needs: Requirement, extra: Partial<Operation> = {}): Operation => ({ needs, scope: "own", ...extra });
const installation = (needs: Requirement, extra: Partial<Operation> = {}): Operation => ({
  needs,
  scope: "installation",
  ...extra,
});

const CLIENTS = "action:app/(console)/clients";
const SETTINGS = "action:app/(console)/settings";

export const OPERATIONS: Record<string, Operation> = {
  // ── clients and provisioning ──
  "Query.clients": client("client:read", { note: "lists only the clients in scope" }),
  "Query.client": client("client:read"),
  "Mutation.createClient": installation("client:create"),
  "Mutation.updateClient": client("client:update", {
    note: "a changed domain also needs client:domain:update (ADR 025)",
  }),
  "Mutation.deleteClient": client("client:delete", { stepUp: true }),
  "Mutation.suspendClient": client("client:suspend"),
  "Mutation.resumeClient": client("client:suspend"),
  "Mutation.addClientUser": client("client:users:manage", {
    note: "a client role finds only users wholly in its scope (ADR 017)",
  }),
  "Mutation.removeClientUser": client("client:users:manage"),
  "Subscription.clientStatusChanged": client("client:read", { note: "events of clients in scope only" }),
  "Query.clientProvisioning": client("client:read"),
  "Mutation.retryProvisioning": client("client:provision"),
  "Mutation.rollbackProvisioning": client("client:provision"),
  "Subscription.provisioningProgress": client("client:read"),
  "Query.serviceTemplates": installation("client:read", { note: "the catalog is the same for everyone" }),
  [`${CLIENTS}/actions.ts#createClientAction`]: installation("client:create"),
  [`${CLIENTS}/new/actions.ts#createClientWizardAction`]: installation("client:create"),
  [`${CLIENTS}/[id]/actions.ts#clientStatusAction`]: client("client:read"),
  [`${CLIENTS}/[id]/actions.ts#updateClientAction`]: client("client:update", {
    note: "a changed domain also needs client:domain:update (ADR 025)",
  }),
  [`${CLIENTS}/[id]/actions.ts#suspendClientAction`]: client("client:suspend"),
  [`${CLIENTS}/[id]/actions.ts#resumeClientAction`]: client("client:suspend"),
  [`${CLIENTS}/[id]/actions.ts#deleteClientAction`]: client("client:delete", { stepUp: true }),
  [`${CLIENTS}/[id]/actions.ts#addClientUserAction`]: client("client:users:manage"),
  [`${CLIENTS}/[id]/actions.ts#removeClientUserAction`]: client("client:users:manage"),
  [`${CLIENTS}/provisioning/actions.ts#retryProvisioningAction`]: client("client:provision"),
  [`${CLIENTS}/provisioning/actions.ts#rollbackProvisioningAction`]: client("client:provision"),

  // ── users and groups ──
  "Query.users": client("user:read", { note: "lists only the users of clients in scope" }),
  "Query.user": client("user:read"),
  "Mutation.createUser": client("user:create"),
  "Mutation.updateUser": client("user:update", {
    note: "a client role changes only users wholly in its scope (ADR 017)",
  }),
  "Mutation.deleteUser": client("user:delete", { stepUp: true }),
  "Query.groups": installation("group:read"),
  "Mutation.addUserToGroup": installation("group:write"),
  "Mutation.removeUserFromGroup": installation("group:write"),
  "action:app/(console)/users/actions.ts#createUserAction": client("user:create"),
  "action:app/(console)/users/actions.ts#setActiveAction": client("user:update"),
  "action:app/(console)/users/actions.ts#deleteUserAction": client("user:delete", { stepUp: true }),
  "action:app/(console)/users/actions.ts#signOutUserEverywhereAction": client("user:devices"),
  "action:app/(console)/groups/actions.ts#createGroupAction": installation("group:write"),
  "action:app/(console)/groups/actions.ts#addMemberAction": installation("group:write"),
  "action:app/(console)/groups/actions.ts#removeMemberAction": installation("group:write"),

  // ── the caller's own account ──
  "Query.me": own("signed-in"),
  "Query.systemStatus": installation("system:read", { note: "counts only what the caller reaches" }),
  "Query.apiTokens": own("token:manage-own"),
  "Mutation.createApiToken": own("token:manage-own", {
    stepUp: true,
    note: "not with an API token: a token never makes tokens (ADR 027)",
  }),
  "Mutation.changePassword": own("signed-in", {
    note: "needs the current password; signs out the user's other sessions (ADR 027)",
  }),
  "Mutation.revokeApiToken": own("token:manage-own"),
  "Query.mySessions": own("token:manage-own"),
  "Mutation.revokeSession": own("token:manage-own"),
  "Mutation.revokeAllSessions": own("token:manage-own"),
  "Query.myPasskeys": own("token:manage-own"),
  "Mutation.renamePasskey": own("token:manage-own"),
  "Mutation.revokePasskey": own("token:manage-own"),
  "Mutation.confirmStepUpWithPassword": own("signed-in"),
  "Mutation.stepUpPasskeyOptions": own("signed-in", { note: "needs a registered passkey" }),
  "Mutation.confirmStepUpWithPasskey": own("signed-in", { note: "needs the signature of the caller's own passkey" }),
  [`${SETTINGS}/actions.ts#createTokenAction`]: own("token:manage-own", { stepUp: true }),
  [`${SETTINGS}/actions.ts#revokeTokenAction`]: own("token:manage-own"),
  [`${SETTINGS}/sessions/actions.ts#signOutDeviceAction`]: own("token:manage-own"),
  [`${SETTINGS}/sessions/actions.ts#signOutEverywhereAction`]: own("token:manage-own"),
  [`${SETTINGS}/security/actions.ts#changePasswordAction`]: own("signed-in", { note: "needs the current password" }),
  [`${SETTINGS}/security/actions.ts#passkeyOptionsAction`]: own("token:manage-own"),
  [`${SETTINGS}/security/actions.ts#registerPasskeyAction`]: own("token:manage-own", {
    stepUp: true,
    note: "needs the authenticator's answer to the options' challenge",
  }),
  [`${SETTINGS}/security/actions.ts#renamePasskeyAction`]: own("token:manage-own"),
  [`${SETTINGS}/security/actions.ts#revokePasskeyAction`]: own("token:manage-own"),
  [`action:components/step-up-actions.ts#stepUpMethodsAction`]: own("signed-in"),
  [`action:components/step-up-actions.ts#stepUpPasswordAction`]: own("signed-in"),
  [`action:components/step-up-actions.ts#stepUpPasskeyOptionsAction`]: own("signed-in", {
    note: "needs a registered passkey",
  }),
  [`action:components/step-up-actions.ts#stepUpPasskeyAction`]: own("signed-in", {
    note: "needs the signature of the caller's own passkey",
  }),
  "action:app/setup/actions.ts#setupAction": installation("public", {
    note: "only while the installation has no user yet",
  }),

  // ── audit log ──
  "Query.auditLogs": own("audit:read", { allWith: "audit:read:all" }),
  "Subscription.auditLogCreated": own("audit:read", { allWith: "audit:read:all" }),

  // ── DNS ──
  "Query.dnsZones": client("dns:read", { note: "lists only the zones of clients in scope" }),
  "Query.dnsRecords": client("dns:read"),
  "Query.dnsZoneFile": client("dns:read"),
  "Query.dnsHealth": client("dns:read"),
  "Query.dnsDNSSEC": client("dns:read"),
  "Mutation.createDNSRecord": client("dns:write"),
  "Mutation.updateDNSRecord": client("dns:write"),
  "Mutation.deleteDNSRecord": client("dns:write"),
  "Mutation.deleteDNSRecords": client("dns:write"),
  "Mutation.importDNSZone": client("dns:write"),
  "Mutation.createDNSZone": client("dns:zone:write"),
  "Mutation.deleteDNSZone": client("dns:zone:write", { stepUp: true }),
  "Mutation.enableDNSSEC": client("dns:zone:write"),
  "action:app/(console)/dns/actions.ts#createZoneAction": client("dns:zone:write"),
  "action:app/(console)/dns/actions.ts#deleteZoneAction": client("dns:zone:write", { stepUp: true }),
  "action:app/(console)/dns/actions.ts#enableDnssecAction": client("dns:zone:write"),
  "action:app/(console)/dns/actions.ts#createRecordAction": client("dns:write"),
  "action:app/(console)/dns/actions.ts#updateRecordAction": client("dns:write"),
  "action:app/(console)/dns/actions.ts#deleteRecordAction": client("dns:write"),
  "action:app/(console)/dns/actions.ts#deleteRecordsAction": client("dns:write"),
  "action:app/(console)/dns/actions.ts#importZoneAction": client("dns:write"),
  "action:app/(console)/dns/actions.ts#checkRecordAction": installation("signed-in", {
    note: "checks a form's syntax; reads and changes nothing",
  }),

  // ── services (containers) ──
  "Query.services": client("service:read", { note: "lists only the containers of clients in scope" }),
  "Query.service": client("service:read"),
  "Mutation.startService": client("service:start"),
  "Mutation.stopService": client("service:stop"),
  "Mutation.restartService": client("service:restart"),
  "Mutation.execInService": client("container:exec", { stepUp: true }),
  "Subscription.logStream": client("service:logs"),
  "Subscription.serviceStatusChanged": client("service:read", { note: "events of containers in scope only" }),
  "action:app/(console)/services/[id]/actions.ts#serviceControlAction(start)": client("service:start"),
  "action:app/(console)/services/[id]/actions.ts#serviceControlAction(stop)": client("service:stop"),
  "action:app/(console)/services/[id]/actions.ts#serviceControlAction(restart)": client("service:restart"),
  "action:app/(console)/services/[id]/actions.ts#execAction": client("container:exec", { stepUp: true }),

  // ── the Docker host ──
  "Query.images": installation("image:read"),
  "Mutation.pruneImages": installation("image:prune"),
  "Subscription.pullImage": installation("image:pull"),
  "Query.networks": installation("network:read"),
  "Mutation.createNetwork": installation("network:write"),
  "Mutation.removeNetwork": installation("network:write"),
  "Query.volumes": installation("volume:read"),
  "Mutation.createVolume": installation("volume:write"),
  "Mutation.removeVolume": installation("volume:write"),
  "action:app/(console)/services/host/actions.ts#pruneImagesAction": installation("image:prune"),
  "action:app/(console)/services/host/actions.ts#createNetworkAction": installation("network:write"),
  "action:app/(console)/services/host/actions.ts#removeNetworkAction": installation("network:write"),
  "action:app/(console)/services/host/actions.ts#createVolumeAction": installation("volume:write"),
  "action:app/(console)/services/host/actions.ts#removeVolumeAction": installation("volume:write"),

  // ── operator scripts and settings ──
  "Query.scripts": installation("script:execute"),
  "Mutation.executeScript": installation("script:execute", {
    note: "each script may name a further permission (scripts/ops/scripts.json)",
  }),
  "Subscription.executeScriptStream": installation("script:execute", {
    note: "each script may name a further permission (scripts/ops/scripts.json)",
  }),
  "Query.groupRoleMappings": installation("role-mapping:read"),
  "Mutation.setGroupRoleMapping": installation("role-mapping:write"),
  "Mutation.deleteGroupRoleMapping": installation("role-mapping:write"),
  [`${SETTINGS}/role-mapping-actions.ts#setRoleMappingAction`]: installation("role-mapping:write"),
  [`${SETTINGS}/role-mapping-actions.ts#deleteRoleMappingAction`]: installation("role-mapping:write"),
};
