"use server";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/current-actor";
import { isStepUpRequired } from "@/lib/auth/step-up-required";
import { AppError, isAppError } from "@/lib/errors";
import { getUser } from "@/lib/users/list-users";
import { createUser, deleteUser, updateUser } from "@/lib/users/manage-users";
import { signOutUserEverywhere } from "@/lib/users/devices";

// Server actions of the users pages: parse the form, call one domain function, report plainly.
/** `stepUp`: the domain wants a fresh passkey/password confirmation first (components/step-up-dialog.tsx). */
export type FormState = { error?: string; ok?: string; values?: Record<string, string>; stepUp?: boolean };

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

async function report(form: FormData, work: () => Promise<string>): Promise<FormState> {
  try {
    const ok = await work();
    revalidatePath("/users", "layout");
    return { ok };
  } catch (err) {
    if (!isAppError(err)) throw err;
    // Never hand a password back to the page.
    const values = Object.fromEntries([...form].filter(([k]) => k !== "password").map(([k, v]) => [k, String(v)]));
    return { error: err.message, values, ...(isStepUpRequired(err) ? { stepUp: true } : {}) };
  }
}

export async function createUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  return report(form, async () => {
    const clientId = text(form, "clientId");
    const user = await createUser({
      actor: await requireActor(),
      input: {
        username: text(form, "username"), email: text(form, "email"), fullName: text(form, "fullName"),
        ...(text(form, "password") ? { password: String(form.get("password")) } : {}),
        ...(clientId ? { clientIds: [clientId] } : {}),
      },
    });
    return `User ${user.username} created`;
  });
}

export async function setActiveAction(_prev: FormState, form: FormData): Promise<FormState> {
  return report(form, async () => {
    const active = text(form, "active") === "true";
    const user = await updateUser({ actor: await requireActor(), id: text(form, "id"), input: { isActive: active } });
    return `${user.username} ${active ? "reactivated" : "deactivated"}`;
  });
}

/** Deletion asks the user to type the username: a deliberate act, not a stray click. */
export async function deleteUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  return report(form, async () => {
    const actor = await requireActor();
    const user = await getUser({ actor, id: text(form, "id") });
    if (text(form, "confirm") !== user.username) throw new AppError("VALIDATION", `Type ${user.username} to confirm`, { fields: { confirm: "does not match" } });
    await deleteUser({ actor, id: user.id });
    return `${user.username} deleted`;
  });
}

/** "Sign out everywhere" for another user (lost phone, leaver); the page asks to confirm first. */
export async function signOutUserEverywhereAction(_prev: FormState, form: FormData): Promise<FormState> {
  return report(form, async () => {
    const count = await signOutUserEverywhere({ actor: await requireActor(), id: text(form, "id") });
    return count === 1 ? "Signed out of 1 device" : `Signed out of ${count} devices`;
  });
}
