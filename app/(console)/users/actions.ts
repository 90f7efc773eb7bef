"use server";
import { requireActor } from "@/lib/auth/request/current-actor";
import { attempt, formValues, text, type ActionState } from "@/components/action-state";
import { AppError } from "@/lib/errors";
import { getUser } from "@/lib/users/list-users";
import { createUser, deleteUser, updateUser } from "@/lib/users/manage-users";
import { signOutUserEverywhere } from "@/lib/users/devices";

// Server actions of the users pages: parse the form, call one domain function, report plainly.
async function report(form: FormData, work: () => Promise<string>): Promise<ActionState> {
  const outcome = await attempt(work, { revalidate: ["/users"], layout: true });
  // Never hand a password back to the page.
  return outcome.error === undefined ? outcome : { ...outcome, values: formValues(form, ["password"]) };
}

export async function createUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return report(form, async () => {
    const clientId = text(form, "clientId");
    const user = await createUser({
      actor: await requireActor(),
      input: {
        username: text(form, "username"),
        email: text(form, "email"),
        fullName: text(form, "fullName"),
        ...(text(form, "password") ? { password: String(form.get("password")) } : {}),
        ...(clientId ? { clientIds: [clientId] } : {}),
      },
    });
    return `User ${user.username} created`;
  });
}

export async function setActiveAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return report(form, async () => {
    const active = text(form, "active") === "true";
    const user = await updateUser({ actor: await requireActor(), id: text(form, "id"), input: { isActive: active } });
    return `${user.username} ${active ? "reactivated" : "deactivated"}`;
  });
}

/** Deletion asks the user to type the username: a deliberate act, not a stray click. */
export async function deleteUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return report(form, async () => {
    const actor = await requireActor();
    const user = await getUser({ actor, id: text(form, "id") });
    if (text(form, "confirm") !== user.username)
      throw new AppError("VALIDATION", `Type ${user.username} to confirm`, { fields: { confirm: "does not match" } });
    await deleteUser({ actor, id: user.id });
    return `${user.username} deleted`;
  });
}

/** "Sign out everywhere" for another user (lost phone, leaver); the page asks to confirm first. */
export async function signOutUserEverywhereAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return report(form, async () => {
    const count = await signOutUserEverywhere({ actor: await requireActor(), id: text(form, "id") });
    return count === 1 ? "Signed out of 1 device" : `Signed out of ${count} devices`;
  });
}
