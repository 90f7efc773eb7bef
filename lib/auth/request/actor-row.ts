import "server-only";
import { db, Prisma } from "../../db";
import { clientRoleOf, type Role } from "../permissions";
import { makeActor, type Actor } from "../actor";
import { grantsOfGroups, mergeMemberships } from "../../identity/local-group-roles";
import { isId } from "../../kit/ids";

// What an actor is built from — the user's global roles, whether the account is active, its
// client memberships (of clients not deleted) and, for an API token, the token's own row — in ONE
// statement. It is read fresh on every request (a revoked token, a deactivated user or a changed
// role applies to the very next request); one round trip instead of three is what keeps that
// affordable (bench/README.md: the token → actor step was most of an authenticated request).

type ActorRow = {
  user_id: string;
  username: string;
  roles: string[];
  is_active: boolean;
  memberships: { clientId: string; role: string }[] | string;
  /** names of the local groups of a local account: roles through the group mapping (ADR 027) */
  local_groups: string[] | null;
};

const ACTOR_COLUMNS = Prisma.sql`u.id::text AS user_id, u.username, u.roles::text[] AS roles, u.is_active,
  COALESCE((SELECT json_agg(json_build_object('clientId', uc.client_id, 'role', uc.role))
    FROM user_clients uc JOIN clients c ON c.id = uc.client_id AND c.deleted_at IS NULL
    WHERE uc.user_id = u.id::text), '[]'::json) AS memberships,
  (SELECT array_agg(g.name::text) FROM group_members gm JOIN groups g ON g.id = gm.group_id
    WHERE gm.user_id = u.id AND g.source = 'local' AND u.source = 'local') AS local_groups`;

export type ActorContext = { ip: string | null; userAgent: string | null; via: Actor["via"]; subject?: string | null };

/** The actor of an active user from its row; null for an inactive one. A local account in local
 *  groups also holds what its groups grant (only then: one more read of the mapping). */
export async function actorOfRow(row: ActorRow, ctx: ActorContext): Promise<Actor | null> {
  if (!row.is_active) return null;
  // json columns arrive parsed from node-postgres and as text from some adapters
  const stored =
    typeof row.memberships === "string"
      ? (JSON.parse(row.memberships) as { clientId: string; role: string }[])
      : row.memberships;
  const granted = await grantsOfGroups(row.local_groups ?? []);
  const memberships = mergeMemberships(stored, granted.clients);
  return makeActor({
    userId: row.user_id,
    username: row.username,
    globalRoles: [...(row.roles as Role[]), ...granted.globalRoles],
    clientRoles: memberships.map((m) => ({ clientId: m.clientId, role: clientRoleOf(m.role) })),
    ...ctx,
  });
}

export async function userActorRow(userId: string): Promise<ActorRow | null> {
  if (!isId(userId)) return null; // users.id is a uuid: anything else is nobody
  const rows = await db().$queryRaw<ActorRow[]>`SELECT ${ACTOR_COLUMNS} FROM users u WHERE u.id = ${userId}::uuid`;
  return rows[0] ?? null;
}

export type TokenActorRow = ActorRow & {
  token_id: string;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
};

/** The API token with this hash joined to its user's actor columns, or null. */
export async function tokenActorRow(tokenHash: string): Promise<TokenActorRow | null> {
  const rows = await db().$queryRaw<
    TokenActorRow[]
  >`SELECT t.id::text AS token_id, t.expires_at, t.revoked_at, t.last_used_at, ${ACTOR_COLUMNS}
    FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ${tokenHash}`;
  return rows[0] ?? null;
}
