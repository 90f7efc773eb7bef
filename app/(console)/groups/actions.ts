"use server";
import { requireActor } from "@/lib/auth/request/current-actor";
import { attempt, text, type ActionState } from "@/components/action-state";
import { addUserToGroup, createGroup, removeUserFromGroup } from "@/lib/users/groups";

// Server actions of the groups pages: parse the form, call one domain function, report plainly.
// Joining or leaving a group that maps to a role asks for a step-up first (ADR 027): `stepUp`.
// A membership changes what the users pages show too.
const report = (work: () => Promise<string>): Promise<ActionState> =>
  attempt(work, { revalidate: ["/groups", "/users"], layout: true });

export async function createGroupAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return report(
    async () =>
      `Group ${(await createGroup({ actor: await requireActor(), input: { name: text(form, "name") } })).name} created`,
  );
}

export async function addMemberAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return report(async () => {
    await addUserToGroup({ actor: await requireActor(), groupId: text(form, "groupId"), userId: text(form, "userId") });
    return "Member added";
  });
}

export async function removeMemberAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return report(async () => {
    await removeUserFromGroup({
      actor: await requireActor(),
      groupId: text(form, "groupId"),
      userId: text(form, "userId"),
    });
    return "Member removed";
  });
}
