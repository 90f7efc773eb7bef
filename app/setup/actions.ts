"use server";
import { headers } from "next/headers";
import { completeSetup } from "@/lib/auth/session/first-admin";
import { requestContext } from "@/lib/auth/request/request-context";
import { refusal } from "@/components/action-state";

export type SetupState = { error?: string; done?: boolean };

export async function setupAction(_prev: SetupState, form: FormData): Promise<SetupState> {
  try {
    await completeSetup(Object.fromEntries(form), requestContext(await headers()));
    return { done: true };
  } catch (err) {
    return { error: refusal(err).error };
  }
}
