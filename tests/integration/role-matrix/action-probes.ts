import crypto from "node:crypto";
import * as clientPage from "@/app/(console)/clients/[id]/actions";
import * as clientsList from "@/app/(console)/clients/actions";
import * as clientWizard from "@/app/(console)/clients/new/actions";
import * as provisioning from "@/app/(console)/clients/provisioning/actions";
import * as dns from "@/app/(console)/dns/actions";
import * as groups from "@/app/(console)/groups/actions";
import * as service from "@/app/(console)/services/[id]/actions";
import * as host from "@/app/(console)/services/host/actions";
import * as tokens from "@/app/(console)/settings/actions";
import * as roleMapping from "@/app/(console)/settings/role-mapping-actions";
import * as security from "@/app/(console)/settings/security/actions";
import * as stepUp from "@/components/step-up-actions";
import * as sessions from "@/app/(console)/settings/sessions/actions";
import * as users from "@/app/(console)/users/actions";
import * as setup from "@/app/setup/actions";
import { failedProvisioningOfA, freshZone } from "../tenant-isolation/fixtures";
import {
  freshApiToken,
  freshClient,
  freshContainer,
  freshPasskey,
  freshRecord,
  freshSession,
  freshUserOfA,
  type Caller,
  type World,
} from "../tenant-isolation/world";
import { createUserActor } from "../../support/actors";
import type { Probe, Target } from "./probe";
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

// How the matrix calls each server action: as a function, as the page's form or button would,
// with the caller's token in the request headers (the test mocks next/headers). Arguments are
// valid for a caller who may, on tenant A's resource ("A"), the caller's own ("self") or A's
// user's own ("aUser").

const rand = () => crypto.randomBytes(3).toString("hex");
const form = (fields: Record<string, string | string[]>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) f.append(k, x);
  return f;
};
const S = {} as never; // the "previous state" argument of useActionState actions

type Call = (w: World, c: Caller) => Promise<unknown>;
const on = (target: Target, action: Call, extra: Partial<Probe> = {}): Probe => ({ target, action, ...extra });
const A = (action: Call, extra: Partial<Probe> = {}) => on("A", action, extra);
const all = (action: Call, extra: Partial<Probe> = {}) => on("installation", action, extra);
const self = (action: Call, extra: Partial<Probe> = {}) => on("self", action, extra);

const P = "action:app/(console)";
/** The matrix sends server actions an API token where a browser sends its session cookie, and a
 *  token never makes tokens or passkeys (ADR 027): the allowed path of these is tested with a
 *  session in security-credentials-step-up.test.ts; here only the refusals are tried. */
const TOKEN_MAKES_NO_CREDENTIALS =
  "an API token makes no credentials (ADR 027); allowed path: security-credentials-step-up.test.ts";
const userOfA = async (w: World) => (await freshUserOfA(w)).userId;

export const ACTION_PROBES: Record<string, Probe[]> = {
  // ── clients ──
  [`${P}/clients/actions.ts#createClientAction`]: [
    all(async () =>
      clientsList.createClientAction(S, form({ name: `Matrix ${rand()}`, domain: `matrix-${rand()}.test` })),
    ),
  ],
  [`${P}/clients/new/actions.ts#createClientWizardAction`]: [
    all(async () =>
      clientWizard.createClientWizardAction({
        name: `Wizard ${rand()}`,
        domain: `wizard-${rand()}.test`,
        plan: "",
        price: "",
        currency: "",
        services: [],
      }),
    ),
  ],
  [`${P}/clients/[id]/actions.ts#clientStatusAction`]: [A(async (w) => clientPage.clientStatusAction(w.a.id))],
  [`${P}/clients/[id]/actions.ts#updateClientAction`]: [
    A(async (w) => clientPage.updateClientAction(S, form({ id: w.a.id, name: w.a.name }))),
  ],
  [`${P}/clients/[id]/actions.ts#suspendClientAction`]: [
    A(async (w) => clientPage.suspendClientAction(S, form({ id: (await freshClient(w)).id }))),
  ],
  [`${P}/clients/[id]/actions.ts#resumeClientAction`]: [
    A(async (w) => clientPage.resumeClientAction(S, form({ id: (await freshClient(w, "suspended")).id }))),
  ],
  [`${P}/clients/[id]/actions.ts#deleteClientAction`]: [
    A(async (w) => {
      const c = await freshClient(w);
      return clientPage.deleteClientAction(S, form({ id: c.id, confirm: c.domain }));
    }),
  ],
  [`${P}/clients/[id]/actions.ts#addClientUserAction`]: [
    A(async (w) =>
      clientPage.addClientUserAction(S, form({ id: w.a.id, user: (await createUserActor()).username, role: "user" })),
    ),
  ],
  [`${P}/clients/[id]/actions.ts#removeClientUserAction`]: [
    A(async (w) => clientPage.removeClientUserAction(S, form({ id: w.a.id, userId: await userOfA(w) }))),
  ],
  [`${P}/clients/provisioning/actions.ts#retryProvisioningAction`]: [
    A(async (w) => provisioning.retryProvisioningAction(await failedProvisioningOfA(w), "VALIDATE")),
  ],
  [`${P}/clients/provisioning/actions.ts#rollbackProvisioningAction`]: [
    A(async (w) => provisioning.rollbackProvisioningAction(await failedProvisioningOfA(w))),
  ],

  // ── users and groups ──
  [`${P}/users/actions.ts#createUserAction`]: [
    A(async (w) => {
      const n = `matrix-${rand()}`;
      return users.createUserAction(S, form({ username: n, email: `${n}@example.test`, clientId: w.a.id }));
    }),
  ],
  [`${P}/users/actions.ts#setActiveAction`]: [
    A(async (w) => users.setActiveAction(S, form({ id: await userOfA(w), active: "false" }))),
  ],
  [`${P}/users/actions.ts#deleteUserAction`]: [
    A(async (w) => {
      const u = await freshUserOfA(w);
      return users.deleteUserAction(S, form({ id: u.userId, confirm: u.username }));
    }),
  ],
  [`${P}/users/actions.ts#signOutUserEverywhereAction`]: [
    A(async (w) => users.signOutUserEverywhereAction(S, form({ id: await userOfA(w) }))),
  ],
  [`${P}/groups/actions.ts#createGroupAction`]: [
    all(async () => groups.createGroupAction(S, form({ name: `matrix-${rand()}` }))),
  ],
  [`${P}/groups/actions.ts#addMemberAction`]: [
    all(async (w) => groups.addMemberAction(S, form({ groupId: await freshGroup(), userId: await userOfA(w) }))),
  ],
  [`${P}/groups/actions.ts#removeMemberAction`]: [
    all(async (w) => {
      const m = await createGroupWithMember(w);
      return groups.removeMemberAction(S, form({ groupId: m.groupId, userId: m.userId }));
    }),
  ],

  // ── the caller's own account ──
  [`${P}/settings/actions.ts#createTokenAction`]: [
    self(async () => tokens.createTokenAction(S, form({ name: "matrix", expiresInDays: "1" })), {
      skipAllowed: TOKEN_MAKES_NO_CREDENTIALS,
    }),
  ],
  [`${P}/settings/actions.ts#revokeTokenAction`]: [
    self(async (w, c) => tokens.revokeTokenAction(await freshOwnToken(w, c))),
    on("aUser", async (w) => tokens.revokeTokenAction(await freshApiToken(w))),
  ],
  [`${P}/settings/sessions/actions.ts#signOutDeviceAction`]: [
    self(async (w, c) => sessions.signOutDeviceAction(await freshSessionOf(w.actors[c].userId))),
    on("aUser", async (w) => sessions.signOutDeviceAction(await freshSession(w))),
  ],
  [`${P}/settings/sessions/actions.ts#signOutEverywhereAction`]: [self(async () => sessions.signOutEverywhereAction())],
  [`${P}/settings/security/actions.ts#changePasswordAction`]: [
    self(
      async () =>
        security.changePasswordAction(
          S,
          form({ currentPassword: STEP_UP_PASSWORD, newPassword: `matrix ${rand()} new passphrase` }),
        ),
      {
        skipAllowed:
          "a changed password would break the matrix's step-up confirmations; security-passwords.test.ts covers the allowed path",
      },
    ),
  ],
  [`${P}/settings/security/actions.ts#passkeyOptionsAction`]: [
    self(async () => security.passkeyOptionsAction(), { skipAllowed: TOKEN_MAKES_NO_CREDENTIALS }),
  ],
  [`${P}/settings/security/actions.ts#registerPasskeyAction`]: [
    self(async () =>
      security.registerPasskeyAction({ id: `unknown-${rand()}`, type: "public-key", response: {} }, "Matrix key"),
    ),
  ],
  [`${P}/settings/security/actions.ts#renamePasskeyAction`]: [
    self(async (w, c) => security.renamePasskeyAction(await freshPasskey(w.actors[c].userId), "Renamed")),
    on("aUser", async (w) => security.renamePasskeyAction(await freshPasskey(w.actors.aUser.userId), "Renamed")),
  ],
  [`${P}/settings/security/actions.ts#revokePasskeyAction`]: [
    self(async (w, c) => security.revokePasskeyAction(await freshPasskey(w.actors[c].userId))),
    on("aUser", async (w) => security.revokePasskeyAction(await freshPasskey(w.actors.aUser.userId))),
  ],
  [`action:components/step-up-actions.ts#stepUpMethodsAction`]: [self(async () => stepUp.stepUpMethodsAction())],
  [`action:components/step-up-actions.ts#stepUpPasswordAction`]: [
    self(async () => stepUp.stepUpPasswordAction(STEP_UP_PASSWORD)),
  ],
  [`action:components/step-up-actions.ts#stepUpPasskeyOptionsAction`]: [
    self(async () => stepUp.stepUpPasskeyOptionsAction()),
  ],
  [`action:components/step-up-actions.ts#stepUpPasskeyAction`]: [
    self(async () =>
      stepUp.stepUpPasskeyAction({
        id: `unknown-${rand()}`,
        rawId: "x",
        type: "public-key",
        response: {} as never,
        clientExtensionResults: {},
      }),
    ),
  ],
  ["action:app/setup/actions.ts#setupAction"]: [
    all(async () =>
      setup.setupAction(
        S,
        form({
          token: `setup-${rand()}`,
          username: `first-${rand()}`,
          email: `first-${rand()}@example.test`,
          password: "a long enough password 1",
        }),
      ),
    ),
  ],

  // ── DNS ──
  [`${P}/dns/actions.ts#createZoneAction`]: [
    A(async (w) => dns.createZoneAction(S, form({ name: `new${rand()}.${w.zoneA}`, nameservers: `ns1.${w.zoneA}` }))),
  ],
  [`${P}/dns/actions.ts#deleteZoneAction`]: [
    A(async (w) => dns.deleteZoneAction(S, form({ zone: await freshZone(w) }))),
  ],
  [`${P}/dns/actions.ts#enableDnssecAction`]: [
    A(async (w) => dns.enableDnssecAction(S, form({ zone: await freshZone(w) }))),
  ],
  [`${P}/dns/actions.ts#createRecordAction`]: [
    A(async (w) =>
      dns.createRecordAction(S, form({ zone: w.zoneA, name: `m${rand()}`, type: "A", value: "192.0.2.40" })),
    ),
  ],
  [`${P}/dns/actions.ts#updateRecordAction`]: [
    A(async (w) =>
      dns.updateRecordAction(S, form({ zone: w.zoneA, id: await freshRecord(w), value: "192.0.2.41", ttl: "600" })),
    ),
  ],
  [`${P}/dns/actions.ts#deleteRecordAction`]: [
    A(async (w) => dns.deleteRecordAction(S, form({ zone: w.zoneA, id: await freshRecord(w) }))),
  ],
  [`${P}/dns/actions.ts#deleteRecordsAction`]: [
    A(async (w) => dns.deleteRecordsAction(S, form({ zone: w.zoneA, ids: [await freshRecord(w)] }))),
  ],
  [`${P}/dns/actions.ts#importZoneAction`]: [
    A(async (w) =>
      dns.importZoneAction(S, form({ zone: w.zoneA, file: `$ORIGIN ${w.zoneA}.\nimp${rand()} 300 IN A 192.0.2.42\n` })),
    ),
  ],
  [`${P}/dns/actions.ts#checkRecordAction`]: [
    all(async (w) => dns.checkRecordAction(form({ zone: w.zoneA, name: "www", type: "A", value: "192.0.2.43" }))),
  ],

  // ── services ──
  [`${P}/services/[id]/actions.ts#serviceControlAction(start)`]: [
    A(async (w) => service.serviceControlAction(await freshContainer(w, false), "start"), { docker: true }),
  ],
  [`${P}/services/[id]/actions.ts#serviceControlAction(stop)`]: [
    A(async (w) => service.serviceControlAction(await freshContainer(w), "stop"), { docker: true }),
  ],
  [`${P}/services/[id]/actions.ts#serviceControlAction(restart)`]: [
    A(async (w) => service.serviceControlAction(await freshContainer(w), "restart"), { docker: true }),
  ],
  [`${P}/services/[id]/actions.ts#execAction`]: [
    A(async (w) => service.execAction(w.serviceA!, ["echo", "hi"], 5), { docker: true }),
  ],
  [`${P}/services/host/actions.ts#pruneImagesAction`]: [
    all(async () => host.pruneImagesAction(), {
      docker: true,
      skipAllowed: "would remove dangling images of the Docker engine other test runs share",
    }),
  ],
  [`${P}/services/host/actions.ts#createNetworkAction`]: [
    all(async (w) => host.createNetworkAction(S, form({ name: `${w.prefix}net-${rand()}` })), { docker: true }),
  ],
  [`${P}/services/host/actions.ts#removeNetworkAction`]: [
    all(async (w) => host.removeNetworkAction(await freshNetwork(w)), { docker: true }),
  ],
  [`${P}/services/host/actions.ts#createVolumeAction`]: [
    all(async (w) => host.createVolumeAction(S, form({ name: `${w.prefix}vol-${rand()}` })), { docker: true }),
  ],
  [`${P}/services/host/actions.ts#removeVolumeAction`]: [
    all(async (w) => host.removeVolumeAction(await freshVolume(w)), { docker: true }),
  ],

  // ── settings ──
  [`${P}/settings/role-mapping-actions.ts#setRoleMappingAction`]: [
    all(async (w) => roleMapping.setRoleMappingAction(`${w.prefix}${rand()}-{domain}-users`, "CLIENT_USER")),
  ],
  [`${P}/settings/role-mapping-actions.ts#deleteRoleMappingAction`]: [
    all(async (w) => roleMapping.deleteRoleMappingAction(await createGroupRoleMapping(w))),
  ],
};
