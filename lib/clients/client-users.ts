import "server-only";
import { z } from "zod";
import { canOnClient, requirePermission, type Actor } from "../auth/actor";
import { audited, isId, parseInput } from "../kit";
import { announceRevoked, revoking } from "../auth/request/revocations";
import { db } from "../db";
import { AppError } from "../errors";
import { userWhollyInScope } from "../users/scope";
import { reachClient } from "./access";
import { getClient } from "./list-clients";

// Users of a client (user_clients) with a role per client: 'admin' (CLIENT_ADMIN) or 'user'
// (CLIENT_USER). A user's new role takes effect on their next request (the actor is built per
// request from user_clients).

export type ClientUser = {
  userId: string;
  username: string;
  email: string;
  role: "admin" | "user";
  addedAt: Date | null;
};

const addSchema = z.object({ user: z.string().trim().min(1, "is required").max(255), role: z.enum(["admin", "user"]) });

/** May the actor list this client's users? The same rule as reading users (user:read), held
 *  for that client; a CLIENT_USER sees the client but not its people. */
export const mayListClientUsers = (actor: Actor, clientId: string) => canOnClient(actor, "user:read", clientId);

/** Users of one client (two queries: user_clients.user_id is text, so there is no relation). */
export async function listClientUsers({ actor, clientId }: { actor: Actor; clientId: string }): Promise<ClientUser[]> {
  const client = await getClient({ actor, id: clientId });
  if (!mayListClientUsers(actor, client.id))
    throw new AppError("FORBIDDEN", "Missing permission user:read on this client", { permission: "user:read" });
  const links = await db().userClient.findMany({ where: { clientId: client.id } });
  const ids = links.map((l) => l.userId).filter((u) => isId(u));
  const users = ids.length
    ? await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true, email: true } })
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return links
    .map((l) => ({ l, u: byId.get(l.userId) }))
    .filter((x) => x.u)
    .map(({ l, u }) => ({
      userId: u!.id,
      username: u!.username,
      email: u!.email,
      role: l.role === "admin" ? ("admin" as const) : ("user" as const),
      addedAt: l.createdAt,
    }))
    .sort((a, b) => a.username.localeCompare(b.username));
}

/** Adds a user (by id, username or e-mail) to the client, or changes their role there. */
export async function addClientUser({
  actor,
  clientId,
  input,
}: {
  actor: Actor;
  clientId: string;
  input: unknown;
}): Promise<ClientUser> {
  const client = await reachClient(actor, clientId, "client:users:manage", "client.user.add");
  const added = await audited(actor, "client.user.add", { type: "client", id: client.id }, async (tx) => {
    const parsed = parseInput(addSchema, input);
    const { user: ref, role } = parsed;
    const user = await tx.user.findFirst({
      where: { OR: [...(isId(ref) ? [{ id: ref }] : []), { username: ref }, { email: ref.toLowerCase() }] },
      select: { id: true, username: true, email: true },
    });
    // Only a user wholly within the actor's tenants (or in none yet): another tenant's person is
    // "no such user", whoever asks by name or e-mail (ADR 017).
    if (!user || !(await userWhollyInScope(actor, "client:users:manage", user.id, tx)))
      throw new AppError("NOT_FOUND", `No user ${ref}`, { fields: { user: "no such user" } });
    const link = await tx.userClient.upsert({
      where: { userId_clientId: { userId: user.id, clientId: client.id } },
      // given here, so the group mapping leaves it alone from now on (ADR 024)
      create: { userId: user.id, clientId: client.id, role, source: "console" },
      update: { role, source: "console" },
    });
    return {
      result: { userId: user.id, username: user.username, email: user.email, role, addedAt: link.createdAt },
      details: { userId: user.id, username: user.username, role },
    };
  });
  if (added.role === "user") await announceRevoked(added.userId, "client.user.role"); // an admin made a user loses rights
  return added;
}

/** Removes a user from the client; NOT_FOUND when they are not one of its users. */
export async function removeClientUser({
  actor,
  clientId,
  userId,
}: {
  actor: Actor;
  clientId: string;
  userId: string;
}): Promise<boolean> {
  requirePermission(actor, "client:read");
  const client = await reachClient(actor, clientId, "client:users:manage", "client.user.remove");
  return revoking(
    userId,
    "client.user.remove",
    audited(actor, "client.user.remove", { type: "client", id: client.id }, async (tx) => {
      const gone = await tx.userClient.deleteMany({ where: { userId, clientId: client.id } });
      if (gone.count === 0) throw new AppError("NOT_FOUND", "This user is not a user of the client");
      return { result: true, details: { userId } };
    }),
  );
}
