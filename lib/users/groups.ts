import "server-only";
import { requirePermission, type Actor } from "../auth/actor";
import { directory, type DirectoryUser } from "../directory";
import { AppError } from "../errors";
import { auditedChange } from "./audit";
import { groupPermissions } from "./views";

export type GroupView = { id: string; name: string; permissions: string[]; members: DirectoryUser[] };

/** Groups with the permissions of the role each maps to and their members: one directory call
 *  for the groups and one for all members of all groups (no query per group). */
export async function listGroups({ actor }: { actor: Actor }): Promise<GroupView[]> {
  requirePermission(actor, "group:read");
  const groups = await directory().listGroups();
  const memberIds = [...new Set(groups.flatMap((g) => g.memberIds))];
  const users = memberIds.length ? (await directory().listUsers({ ids: memberIds }, { page: 1, pageSize: memberIds.length })).items : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    permissions: groupPermissions(g.name),
    members: g.memberIds.flatMap((id) => byId.get(id) ?? []),
  }));
}

async function changeMembership(actor: Actor, op: "add" | "remove", groupId: string, userId: string) {
  return auditedChange(actor, op === "add" ? "group.member.add" : "group.member.remove", { id: userId }, async () => {
    requirePermission(actor, "group:write");
    const group = (await directory().listGroups()).find((g) => g.id === groupId);
    if (!group) throw new AppError("NOT_FOUND", "Group not found");
    if (!(await directory().getUser(userId))) throw new AppError("NOT_FOUND", "User not found");
    if (op === "add") await directory().addUserToGroup(groupId, userId);
    else await directory().removeUserFromGroup(groupId, userId);
    return { result: true, details: { groupId, group: group.name } };
  });
}

/** Only SUPER_ADMIN (group:write): group membership decides roles. */
export const addUserToGroup = ({ actor, groupId, userId }: { actor: Actor; groupId: string; userId: string }) => changeMembership(actor, "add", groupId, userId);
export const removeUserFromGroup = ({ actor, groupId, userId }: { actor: Actor; groupId: string; userId: string }) => changeMembership(actor, "remove", groupId, userId);
