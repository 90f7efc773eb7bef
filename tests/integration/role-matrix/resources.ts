import crypto from "node:crypto";
import { openSession } from "@/lib/auth/session/sessions";
import { setGroupRoleMapping } from "@/lib/identity/role-mapping-settings";
import { hashPassword } from "@/lib/auth/password/password";
import { newSecret, sha256 } from "@/lib/auth/tokens/tokens";
import { db } from "@/lib/db";
import { createLocalGroup, localDirectory } from "@/lib/directory/local";
import { rawDocker } from "../../support/services-fixtures";
import { freshPasskey, freshUserOfA, type Caller, type World } from "../tenant-isolation/world";

// Fresh things for the matrix's calls: each permitted call that uses its resource up gets its own.

const rand = () => crypto.randomBytes(3).toString("hex");
export const STEP_UP_PASSWORD = "matrix step-up password";

/** Every caller signs with a password and has a passkey of its own (step-up's doors need them). */
export async function equipCallers(w: World) {
  const hash = await hashPassword(STEP_UP_PASSWORD);
  for (const a of Object.values(w.actors)) {
    await db().user.update({ where: { id: a.userId }, data: { passwordHash: hash } });
    await freshPasskey(a.userId);
  }
}

export async function freshOwnToken(w: World, c: Caller) {
  const secret = newSecret("snx");
  const row = await db().apiToken.create({
    data: {
      userId: w.actors[c].userId,
      name: "matrix",
      tokenHash: sha256(secret),
      prefix: secret.slice(0, 12),
      expiresAt: new Date(Date.now() + 86400_000),
    },
  });
  return row.id;
}

export async function freshSessionOf(userId: string) {
  return (await openSession(userId, { ip: null, userAgent: "vitest" })).id;
}

/** A local directory group whose name maps to no role. */
export async function freshGroup() {
  return (await createLocalGroup(`matrix-${rand()}`)).id;
}

export async function createGroupWithMember(w: World) {
  const groupId = await freshGroup();
  const { userId } = await freshUserOfA(w);
  await localDirectory.addUserToGroup(groupId, userId);
  return { groupId, userId };
}

export async function createGroupRoleMapping(w: World) {
  const pattern = `${w.prefix}${rand()}-{domain}-users`;
  await setGroupRoleMapping({ actor: w.actors.super, pattern, role: "CLIENT_USER" });
  return pattern;
}

export async function freshNetwork(w: World) {
  const name = `${w.prefix}net-${rand()}`;
  await rawDocker.createNetwork({ Name: name });
  return name;
}

export async function freshVolume(w: World) {
  const name = `${w.prefix}vol-${rand()}`;
  await rawDocker.createVolume({ Name: name });
  return name;
}

/** Networks and volumes of this run (containers go through removeByPrefix). */
export async function removeRunResources(prefix: string) {
  for (const n of await rawDocker.listNetworks())
    if (n.Name.startsWith(prefix))
      await rawDocker
        .getNetwork(n.Id)
        .remove()
        .catch(() => undefined);
  const { Volumes } = await rawDocker.listVolumes();
  for (const v of Volumes ?? [])
    if (v.Name.startsWith(prefix))
      await rawDocker
        .getVolume(v.Name)
        .remove()
        .catch(() => undefined);
}
