import "server-only";
import type { Actor } from "../auth/actor";
import { revokeUserCredentials } from "../auth/session/revoke-credentials";
import { publishAudit, recordAudit, writeAudit, type AuditEntry } from "../audit/record";
import { db, type Prisma } from "../db";
import { directory, type DirectoryUser } from "../directory";
import { localWrites } from "../directory/local";
import type { DirectoryUserPatch, NewDirectoryUser } from "../directory/types";
import type { UserView } from "./views";

// The writes of createUser/updateUser, all or nothing (docs/decisions/031-domain-kit.md): the
// checks are done by then (lib/users/manage-users.ts); this file only writes.

export type UserRows = {
  clientIds?: string[];
  addGroups: string[];
  removeGroups: string[];
  groupNames: Map<string, string>;
};

/** One audit row per group joined or left, as addUserToGroup/removeUserFromGroup write them:
 *  membership decides roles, so each is on record by itself. */
function membershipEntries(actor: Actor, userId: string, rows: UserRows): AuditEntry[] {
  const entry = (action: string, groupId: string): AuditEntry => ({
    userId: actor.userId,
    action,
    resourceType: "user",
    resourceId: userId,
    ip: actor.ip,
    userAgent: actor.userAgent,
    result: "success",
    details: { groupId, group: rows.groupNames.get(groupId) },
  });
  return [
    ...rows.addGroups.map((g) => entry("group.member.add", g)),
    ...rows.removeGroups.map((g) => entry("group.member.remove", g)),
  ];
}

/** The console's own rows of a user (client links), in the caller's transaction. */
async function writeClientLinks(
  tx: Prisma.TransactionClient,
  userId: string,
  clientIds: string[] | undefined,
  replace: boolean,
) {
  if (!clientIds) return;
  if (replace) await tx.userClient.deleteMany({ where: { userId, clientId: { notIn: clientIds } } });
  // A user added by a CLIENT_ADMIN is a CLIENT_USER of that client; admins are made by groups.
  await tx.userClient.createMany({
    data: clientIds.map((clientId) => ({ userId, clientId, role: "user" })),
    skipDuplicates: true,
  });
}

/**
 * A new user with their client links and groups, all or nothing (ADR 031). Local directory: one
 * transaction. Authentik: the account and its groups there first, then the local rows in one
 * transaction; when anything after the account fails, the account is deleted again.
 */
export async function makeUser(actor: Actor, fields: NewDirectoryUser, rows: UserRows): Promise<DirectoryUser> {
  if (directory().kind === "local") {
    const { user, audits } = await db().$transaction(async (tx) => {
      const user = await localWrites.createUser(tx, fields);
      await writeClientLinks(tx, user.id, rows.clientIds, false);
      await localWrites.setGroups(tx, user.id, rows.addGroups, []);
      const audits = [];
      for (const e of membershipEntries(actor, user.id, rows)) audits.push(await writeAudit(e, tx));
      return { user, audits };
    });
    for (const row of audits) await publishAudit(row);
    return user;
  }
  const user = await directory().createUser(fields);
  try {
    for (const g of rows.addGroups) await directory().addUserToGroup(g, user.id);
    await db().$transaction((tx) => writeClientLinks(tx, user.id, rows.clientIds, false));
  } catch (err) {
    await directory()
      .deleteUser(user.id)
      .catch((e) =>
        console.error(`[users] compensation failed: directory user ${user.id} left behind:`, (e as Error).message),
      );
    throw err;
  }
  for (const e of membershipEntries(actor, user.id, rows)) await recordAudit(e);
  return user;
}

export type Revoke = { keepSessionOf: string | null } | null;

/**
 * A user's change with their password, client links and groups, all or nothing (ADR 031). Local:
 * one transaction (a new password also ends their sessions in it). Authentik: the account and
 * its groups there, then the local rows in one transaction; when those fail, the account's
 * fields and groups are put back as they were.
 */
export async function changeUser(
  actor: Actor,
  id: string,
  before: UserView,
  patch: DirectoryUserPatch,
  passwordHash: string | undefined,
  rows: UserRows,
  revoke: Revoke,
) {
  if (directory().kind === "local") {
    const { revoked, audits } = await db().$transaction(async (tx) => {
      await localWrites.updateUser(tx, id, { ...patch, ...(passwordHash ? { passwordHash } : {}) });
      await writeClientLinks(tx, id, rows.clientIds, true);
      await localWrites.setGroups(tx, id, rows.addGroups, rows.removeGroups);
      const audits = [];
      for (const e of membershipEntries(actor, id, rows)) audits.push(await writeAudit(e, tx));
      const revoked = revoke
        ? await revokeUserCredentials(tx, id, { apiTokens: false, keepSessionOf: revoke.keepSessionOf })
        : null;
      return { revoked, audits };
    });
    for (const row of audits) await publishAudit(row);
    return revoked;
  }
  await directory().updateUser(id, patch);
  try {
    for (const g of rows.addGroups) await directory().addUserToGroup(g, id);
    for (const g of rows.removeGroups) await directory().removeUserFromGroup(g, id);
    await db().$transaction((tx) => writeClientLinks(tx, id, rows.clientIds, true));
  } catch (err) {
    await restoreDirectory(id, before, patch, rows).catch((e) =>
      console.error(`[users] compensation failed for directory user ${id}:`, (e as Error).message),
    );
    throw err;
  }
  for (const e of membershipEntries(actor, id, rows)) await recordAudit(e);
  return null; // Authentik keeps its own passwords: no local password, nothing to revoke here
}

async function restoreDirectory(id: string, before: UserView, patch: DirectoryUserPatch, rows: UserRows) {
  const old: DirectoryUserPatch = Object.fromEntries(
    Object.keys(patch).map((k) => [k, before[k as keyof DirectoryUserPatch]]),
  );
  await directory().updateUser(id, old);
  for (const g of rows.addGroups) await directory().removeUserFromGroup(g, id);
  for (const g of rows.removeGroups) await directory().addUserToGroup(g, id);
}
