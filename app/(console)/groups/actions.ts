"use server";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/current-actor";
import { isStepUpRequired } from "@/lib/auth/step-up-required";
import { isAppError } from "@/lib/errors";
import { addUserToGroup, createGroup, removeUserFromGroup } from "@/lib/users/groups";

// Server actions of the groups pages: parse the form, call one domain function, report plainly.
/** `stepUp`: joining or leaving a group that maps to a role asks for a confirmation first (ADR 027). */
export type GroupFormState = { error?: string; ok?: string; stepUp?: boolean };

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

async function report(work: () => Promise<string>): Promise<GroupFormState> {
  try {
    const ok = await work();
    revalidatePath("/groups", "layout");
    revalidatePath("/users", "layout");
    return { ok };
  } catch (err) {
    if (!isAppError(err)) throw err;
    return { error: err.message, ...(isStepUpRequired(err) ? { stepUp: true } : {}) };
  }
}

export async function createGroupAction(_prev: GroupFormState, form: FormData): Promise<GroupFormState> {
  return report(async () => `Group ${(await createGroup({ actor: await requireActor(), input: { name: text(form, "name") } })).name} created`);
}

export async function addMemberAction(_prev: GroupFormState, form: FormData): Promise<GroupFormState> {
  return report(async () => {
    await addUserToGroup({ actor: await requireActor(), groupId: text(form, "groupId"), userId: text(form, "userId") });
    return "Member added";
  });
}

export async function removeMemberAction(_prev: GroupFormState, form: FormData): Promise<GroupFormState> {
  return report(async () => {
    await removeUserFromGroup({ actor: await requireActor(), groupId: text(form, "groupId"), userId: text(form, "userId") });
    return "Member removed";
  });
}
