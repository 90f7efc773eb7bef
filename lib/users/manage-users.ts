import "server-only";
import { z } from "zod";
import { clientScope, requirePermission, type Actor } from "../auth/actor";
import { requireStepUp } from "../auth/step-up/step-up";
import { accountIdOf, revoking } from "../auth/request/revocations";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../auth/password/password";
import { requireStrongPassword } from "../auth/password/password-strength";
import { sessionIdOf } from "../auth/session/revoke-credentials";
import { db } from "../db";
import { directory } from "../directory";
import type { DirectoryUserPatch } from "../directory/types";
import { AppError } from "../errors";
import { requireStepUpForGroups } from "./groups";
import { scopedUser } from "./list-users";
import { userWhollyInScope } from "./scope";
import type { UserView } from "./views";
import { changeUser, makeUser } from "./write-user";
import { auditedCall, idSchema, parseInput } from "../kit";

// Create, change, delete users. Only SUPER_ADMIN manages every user and the groups; a
// CLIENT_ADMIN manages the users of their own clients (and adds new ones only to those).

const password = z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(1024);
const fields = {
  username: z
    .string()
    .trim()
    .min(1)
    .max(150)
    .regex(/^[\w.@+-]+$/, "letters, digits and . @ + - _ only"),
  email: z.string().trim().email().max(255),
  fullName: z.string().trim().max(255),
  isActive: z.boolean(),
  password,
  clientIds: z.array(idSchema).max(100),
  groupIds: z.array(z.string().min(1)).max(100),
};
const createSchema = z
  .object({ ...fields, fullName: fields.fullName.default(""), isActive: fields.isActive.default(true) })
  .partial({ password: true, clientIds: true, groupIds: true });
const updateSchema = z.object(fields).partial();

/** Clients the actor may add a user to; NOT_FOUND for one outside their scope or missing. */
async function checkClients(actor: Actor, clientIds: string[]) {
  const scope = clientScope(actor, "user:create");
  const found = await db().client.count({ where: { id: { in: clientIds }, deletedAt: null } });
  if (found !== new Set(clientIds).size || (scope !== "all" && clientIds.some((id) => !scope.includes(id))))
    throw new AppError("NOT_FOUND", "Client not found");
}

async function passwordHashFor(pw: string | undefined, userInputs: (string | undefined)[]) {
  if (pw === undefined) return undefined;
  if (directory().kind !== "local")
    throw new AppError("VALIDATION", "Passwords are managed in Authentik", {
      fields: { password: "set it in Authentik" },
    });
  requireStrongPassword(
    pw,
    userInputs.filter((s): s is string => !!s),
  );
  return hashPassword(pw);
}

/** NOT_FOUND for a group id the directory does not know: checked before anything is written.
 *  Returns every group's name by id, for the membership audit rows. */
async function checkGroups(groupIds: string[]): Promise<Map<string, string>> {
  if (!groupIds.length) return new Map();
  const names = new Map((await directory().listGroups()).map((g) => [g.id, g.name]));
  if (groupIds.some((id) => !names.has(id))) throw new AppError("NOT_FOUND", "Group not found");
  return names;
}

export async function createUser({ actor, input }: { actor: Actor; input: unknown }): Promise<UserView> {
  return auditedCall(actor, "user.create", { type: "user" }, async () => {
    requirePermission(actor, "user:create");
    const data = parseInput(createSchema, input ?? {});
    const clientIds = data.clientIds ?? [];
    const groupIds = [...new Set(data.groupIds ?? [])];
    if (clientScope(actor, "user:create") !== "all" && clientIds.length === 0) {
      throw new AppError("VALIDATION", "Add the user to one of your clients", { fields: { clientIds: "required" } });
    }
    if (groupIds.length) requirePermission(actor, "group:write");
    // every check before the user exists: nothing half made
    await requireStepUpForGroups(actor, groupIds);
    await checkClients(actor, clientIds);
    const groupNames = await checkGroups(groupIds);
    const passwordHash = await passwordHashFor(data.password, [data.username, data.email, data.fullName]);
    const user = await makeUser(
      actor,
      { username: data.username, email: data.email, fullName: data.fullName, isActive: data.isActive, passwordHash },
      { clientIds, addGroups: groupIds, removeGroups: [], groupNames },
    );
    const view = await scopedUser(actor, "user:read", user.id);
    return {
      result: view,
      resourceId: user.id,
      details: { username: user.username, clientIds, groupIds: data.groupIds ?? [] },
    };
  });
}

export async function updateUser({
  actor,
  id,
  input,
}: {
  actor: Actor;
  id: string;
  input: unknown;
}): Promise<UserView> {
  // Any change may take rights (deactivated, moved off a client, out of a group, new password):
  // the user's open streams re-check (lib/auth/request/stream-rights.ts).
  return revoking(
    id,
    "user.update",
    auditedCall(actor, "user.update", { type: "user", id }, async () => {
      requirePermission(actor, "user:update");
      const data = parseInput(updateSchema, input ?? {});
      const before = await scopedUser(actor, "user:update", id);
      if (!(await userWhollyInScope(actor, "user:update", id)))
        throw new AppError(
          "FORBIDDEN",
          "This user also belongs to another client or holds a global role: only a super admin can change them",
        );
      if (data.isActive === false && id === actor.userId)
        throw new AppError("CONFLICT", "You cannot deactivate yourself");
      // Moving a user between clients and changing groups are SUPER_ADMIN's (global scope).
      if (data.clientIds && clientScope(actor, "user:update") !== "all")
        throw new AppError("FORBIDDEN", "Only a super admin changes a user's clients");
      if (data.groupIds) requirePermission(actor, "group:write");
      const had = before.groups.map((g) => g.id);
      const wanted = data.groupIds ? [...new Set(data.groupIds)] : had;
      const addGroups = wanted.filter((g) => !had.includes(g));
      const removeGroups = had.filter((g) => !wanted.includes(g));
      // every check before the first write: a refused change changes nothing
      await requireStepUpForGroups(actor, [...addGroups, ...removeGroups]);
      const groupNames = await checkGroups(addGroups);
      if (data.clientIds) await checkClients(actor, data.clientIds);
      const passwordHash = await passwordHashFor(data.password, [
        data.username ?? before.username,
        data.email ?? before.email,
        data.fullName ?? before.fullName,
      ]);
      const { username, email, fullName, isActive } = data;
      const patch = Object.fromEntries(
        Object.entries({ username, email, fullName, isActive }).filter(([, v]) => v !== undefined),
      ) as DirectoryUserPatch;
      // A password set by an administrator ends every session and app of the user (ADR 027): whoever
      // held the old one is out. An administrator resetting their own keeps this device.
      const revoke = passwordHash ? { keepSessionOf: id === actor.userId ? sessionIdOf(actor.subject) : null } : null;
      const revoked = await changeUser(
        actor,
        id,
        before,
        patch,
        passwordHash,
        { clientIds: data.clientIds, addGroups, removeGroups, groupNames },
        revoke,
      );
      const changed = Object.keys(data)
        .filter((k) => k !== "password")
        .concat(data.password ? ["password"] : []);
      return {
        result: await scopedUser(actor, "user:read", id),
        details: { changed, ...(revoked ? { revokedSessions: revoked.sessions } : {}) },
      };
    }),
  );
}

/** Deletes the user everywhere (directory + their client links). The UI asks to confirm first. */
export async function deleteUser({ actor, id }: { actor: Actor; id: string }): Promise<boolean> {
  // looked up before the change: afterwards a directory (Authentik) id no longer leads to our account
  const account = await accountIdOf(id);
  return revoking(
    account ?? id,
    "user.delete",
    auditedCall(actor, "user.delete", { type: "user", id }, async () => {
      requirePermission(actor, "user:delete");
      const user = await scopedUser(actor, "user:delete", id);
      if (id === actor.userId) throw new AppError("CONFLICT", "You cannot delete yourself");
      await requireStepUp(actor); // refusal audited as denied by auditedCall
      await directory().deleteUser(id);
      await db().userClient.deleteMany({ where: { userId: id } });
      return { result: true, details: { username: user.username } };
    }),
  );
}
