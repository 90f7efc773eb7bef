"use server";
import { headers } from "next/headers";
import { completeSetup } from "@/lib/auth/first-admin";
import { requestContext } from "@/lib/auth/request-context";
import { isAppError } from "@/lib/errors";

export type SetupState = { error?: string; done?: boolean };

export async function setupAction(_prev: SetupState, form: FormData): Promise<SetupState> {
  try {
    await completeSetup(Object.fromEntries(form), requestContext(await headers()));
    return { done: true };
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    throw err;
  }
}
