import { AppError } from "../errors";
import { GLOBAL_ROLES, permissionsOf, roleHas, type Permission, type Role } from "./permissions";

// The one actor, built once per request (lib/auth/request/current-actor.ts) and passed to every domain
// function. Never optional inside lib/: anonymous doors (status links, setup) build their own.
export type Actor = {
  userId: string;
  username: string;
  roles: Role[];
  permissions: Set<Permission>;
  /** client id → role held for that client (CLIENT_ADMIN or CLIENT_USER) */
  clientRoles: Map<string, Role>;
  clientIds: string[];
  ip: string | null;
  userAgent: string | null;
  /** "session" | "token" | "system" */
  via: "session" | "token" | "system";
  /** What this request signed in with, for step-up (lib/auth/step-up/step-up.ts): "session:<sessions.id>"
   *  (cookie or access JWT of that device) or "token:<api_tokens.id>"; null for system actors. */
  subject: string | null;
};

export function makeActor(input: {
  userId: string;
  username: string;
  globalRoles: Role[];
  clientRoles: { clientId: string; role: Role }[];
  ip?: string | null;
  userAgent?: string | null;
  via: Actor["via"];
  subject?: string | null;
}): Actor {
  const clientRoles = new Map(input.clientRoles.map((c) => [c.clientId, c.role]));
  const roles = [
    ...new Set<Role>([...input.globalRoles.filter((r) => GLOBAL_ROLES.includes(r)), ...clientRoles.values()]),
  ];
  return {
    userId: input.userId,
    username: input.username,
    roles,
    permissions: permissionsOf(roles),
    clientRoles,
    clientIds: [...clientRoles.keys()],
    ip: input.ip ?? null,
    userAgent: input.userAgent ?? null,
    via: input.via,
    subject: input.subject ?? null,
  };
}

/** Global roles see every client; client roles only theirs. */
export function seesAllClients(actor: Actor): boolean {
  return actor.roles.some((r) => GLOBAL_ROLES.includes(r));
}

/** May the actor do `permission` at all (coarse check, any scope)? */
export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

/** May the actor do `permission` on this client? Global roles by their own role; client roles
 *  only by the role they hold for that client. */
export function canOnClient(actor: Actor, permission: Permission, clientId: string): boolean {
  if (actor.roles.some((r) => GLOBAL_ROLES.includes(r) && roleHas(r, permission))) return true;
  const role = actor.clientRoles.get(clientId);
  return role !== undefined && roleHas(role, permission);
}

/** Clients the actor may read with `permission`: "all", or a list for the Prisma `where`. */
export function clientScope(actor: Actor, permission: Permission): "all" | string[] {
  if (actor.roles.some((r) => GLOBAL_ROLES.includes(r) && roleHas(r, permission))) return "all";
  return [...actor.clientRoles].filter(([, role]) => roleHas(role, permission)).map(([id]) => id);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError("FORBIDDEN", `Missing permission ${permission}`, { permission });
}
