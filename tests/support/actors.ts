import { makeActor, type Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/permissions";
import { db } from "@/lib/db";

let n = 0;
/** Creates a real user row with these roles and returns its actor. */
export async function createUserActor(
  opts: { globalRoles?: Role[]; clients?: { clientId: string; role: "admin" | "user" }[]; name?: string } = {},
): Promise<Actor> {
  const name = opts.name ?? `user${++n}-${Math.random().toString(36).slice(2, 7)}`;
  const user = await db().user.create({
    data: { username: name, email: `${name}@example.test`, roles: opts.globalRoles ?? [] },
  });
  for (const c of opts.clients ?? [])
    await db().userClient.create({ data: { userId: user.id, clientId: c.clientId, role: c.role } });
  return makeActor({
    userId: user.id,
    username: name,
    globalRoles: opts.globalRoles ?? [],
    clientRoles: (opts.clients ?? []).map((c) => ({
      clientId: c.clientId,
      role: c.role === "admin" ? "CLIENT_ADMIN" : "CLIENT_USER",
    })),
    ip: "203.0.113.7",
    userAgent: "vitest",
    via: "session",
    // a device of its own (no sessions row needed): step-up confirmations are per subject
    subject: `session:${crypto.randomUUID()}`,
  });
}
