import "server-only";
import { requirePermission, type Actor } from "../auth/actor";
import { announceRevoked } from "../auth/request/revocations";
import { z } from "zod";
import { directory, type DirectoryUser } from "../directory";
import { createLocalGroup } from "../directory/local";
import { AppError } from "../errors";
import { effectiveGroupMapping } from "../identity/role-mapping-settings";
import { requireStepUp } from "../auth/step-up/step-up";
import { groupPermissions, rolesOfGroups } from "./views";
import { auditedCall, parseInput } from "../kit";

export type GroupView = { id: string; name: string; permissions: string[]; members: DirectoryUser[] };

/** Groups with the permissions of the role each maps to and their members: one directory call
 *  for the groups and one for all members of all groups (no query per group). */
export async function listGroups({ actor }: { actor: Actor }): Promise<GroupView[]> {
  requirePermission(actor, "group:read");
  const groups = await directory().listGroups();
  const memberIds = [...new Set(groups.flatMap((g) => g.memberIds))];
  const users = memberIds.length
    ? (await directory().listUsers({ ids: memberIds }, { page: 1, pageSize: memberIds.length })).items
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const { mapping } = await effectiveGroupMapping();
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    permissions: groupPermissions(g.name, mapping),
    members: g.memberIds.flatMap((id) => byId.get(id) ?? []),
  }));
}

/** One group with its permissions and members; NOT_FOUND when there is none with that id. */
export async function getGroup({ actor, id }: { actor: Actor; id: string }): Promise<GroupView> {
  const group = (await listGroups({ actor })).find((g) => g.id === id);
  if (!group) throw new AppError("NOT_FOUND", "Group not found");
  return group;
}

const groupName = z.object({
  name: z
    .string()
    .trim()
    .min(1, "is required")
    .max(150)
    .regex(/^[\w.{}@+-]+$/, "letters, digits and . - _ only"),
});

/** A new (empty) group in the local directory (SUPER_ADMIN). Its name decides its role through
 *  the group mapping, as for Authentik's groups. With Authentik, groups are made there. */
export async function createGroup({ actor, input }: { actor: Actor; input: unknown }): Promise<GroupView> {
  return auditedCall(actor, "group.create", { type: "user" }, async () => {
    requirePermission(actor, "group:write");
    const parsed = parseInput(groupName, input ?? {});
    if (directory().kind !== "local")
      throw new AppError("CONFLICT", "Groups are made in Authentik when it is the directory");
    const group = await createLocalGroup(parsed.name);
    return {
      result: {
        ...group,
        permissions: groupPermissions(group.name, (await effectiveGroupMapping()).mapping),
        members: [],
      },
      resourceId: group.id,
      details: { name: group.name },
    };
  });
}

/** A step-up when any of these groups maps to a role: joining or leaving it gives or takes the
 *  role at once (ADR 027). Asked before anything changes, also by createUser/updateUser. */
export async function requireStepUpForGroups(actor: Actor, groupIds: string[]) {
  if (!groupIds.length) return;
  const names = (await directory().listGroups()).filter((g) => groupIds.includes(g.id)).map((g) => g.name);
  if (rolesOfGroups(names, (await effectiveGroupMapping()).mapping).length) await requireStepUp(actor);
}

async function changeMembership(actor: Actor, op: "add" | "remove", groupId: string, userId: string) {
  const done = await auditedCall(
    actor,
    op === "add" ? "group.member.add" : "group.member.remove",
    { type: "user", id: userId },
    async () => {
      requirePermission(actor, "group:write");
      const group = (await directory().listGroups()).find((g) => g.id === groupId);
      if (!group) throw new AppError("NOT_FOUND", "Group not found");
      if (!(await directory().getUser(userId))) throw new AppError("NOT_FOUND", "User not found");
      // Joining or leaving a group that maps to a role gives or takes that role at once (ADR 027):
      // a role assignment, so it asks for a fresh confirmation like the other privileged changes.
      await requireStepUpForGroups(actor, [group.id]);
      if (op === "add") await directory().addUserToGroup(groupId, userId);
      else await directory().removeUserFromGroup(groupId, userId);
      return { result: true, details: { groupId, group: group.name } };
    },
  );
  if (op === "remove") await announceRevoked(userId, "group.member.remove"); // a group may carry a role
  return done;
}

/** Only SUPER_ADMIN (group:write): group membership decides roles. */
export const addUserToGroup = ({ actor, groupId, userId }: { actor: Actor; groupId: string; userId: string }) =>
  changeMembership(actor, "add", groupId, userId);
export const removeUserFromGroup = ({ actor, groupId, userId }: { actor: Actor; groupId: string; userId: string }) =>
  changeMembership(actor, "remove", groupId, userId);
