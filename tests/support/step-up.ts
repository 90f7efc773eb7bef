import { actorFromApiToken } from "@/lib/auth/tokens/api-tokens";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password/password";
import { confirmStepUpWithPassword } from "@/lib/auth/step-up/step-up";
import { db } from "@/lib/db";

// Destructive actions need a fresh step-up (lib/auth/step-up/step-up.ts). Tests of those actions confirm
// the real way, with a password, for this actor's subject: a session actor, or the actor behind
// an API token sent as `Bearer`. A user without a password gets STEP_UP_PASSWORD first; a user
// with one of its own passes it.
export const STEP_UP_PASSWORD = "step-up password for tests";
let hash: Promise<string> | null = null;

export async function stepUp(who: Actor | string, password = STEP_UP_PASSWORD): Promise<Actor> {
  const actor =
    typeof who === "string" ? await actorFromApiToken(who, { ip: "203.0.113.9", userAgent: "vitest" }) : who;
  if (!actor) throw new Error("stepUp: unknown or revoked API token");
  const user = await db().user.findUniqueOrThrow({ where: { id: actor.userId }, select: { passwordHash: true } });
  if (!user.passwordHash)
    await db().user.update({
      where: { id: actor.userId },
      data: { passwordHash: await (hash ??= hashPassword(STEP_UP_PASSWORD)) },
    });
  await confirmStepUpWithPassword({ actor, password });
  return actor;
}
