// One permission per operation, mapped to the seed's four roles in this one table.
// SUPER_ADMIN and DEVELOPER are global roles; CLIENT_ADMIN and CLIENT_USER hold only for the
// clients listed in user_clients (the scope is applied in each domain function's Prisma `where`).
// A destructive action is never gated on a read permission.
export const ROLES = ["SUPER_ADMIN", "CLIENT_ADMIN", "CLIENT_USER", "DEVELOPER"] as const;
export type Role = (typeof ROLES)[number];
export const GLOBAL_ROLES: readonly Role[] = ["SUPER_ADMIN", "DEVELOPER"];

export const PERMISSIONS = {
  "system:read": ["SUPER_ADMIN", "DEVELOPER", "CLIENT_ADMIN", "CLIENT_USER"],
  "audit:read": ["SUPER_ADMIN", "DEVELOPER", "CLIENT_ADMIN", "CLIENT_USER"],
  "audit:read:all": ["SUPER_ADMIN", "DEVELOPER"],
  "audit:export": ["SUPER_ADMIN", "DEVELOPER", "CLIENT_ADMIN"],
  "client:read": ["SUPER_ADMIN", "DEVELOPER", "CLIENT_ADMIN", "CLIENT_USER"],
  "client:create": ["SUPER_ADMIN"],
  "client:update": ["SUPER_ADMIN", "CLIENT_ADMIN"],
  /** a client's domain decides which names its zones may have: operators only (ADR 025) */
  "client:domain:update": ["SUPER_ADMIN"],
  "client:delete": ["SUPER_ADMIN"],
  "client:suspend": ["SUPER_ADMIN"],
  "client:users:manage": ["SUPER_ADMIN", "CLIENT_ADMIN"],
  /** retry or roll back a client's provisioning (who may create a client may finish it) */
  "client:provision": ["SUPER_ADMIN"],
  "service:read": ["SUPER_ADMIN", "DEVELOPER", "CLIENT_ADMIN", "CLIENT_USER"],
  "service:start": ["SUPER_ADMIN", "DEVELOPER", "CLIENT_ADMIN"],
  "service:stop": ["SUPER_ADMIN", "DEVELOPER", "CLIENT_ADMIN"],
  "service:restart": ["SUPER_ADMIN", "DEVELOPER", "CLIENT_ADMIN"],
  "service:logs": ["SUPER_ADMIN", "DEVELOPER", "CLIENT_ADMIN", "CLIENT_USER"],
  "container:exec": ["SUPER_ADMIN", "DEVELOPER"],
  /** start/stop/restart a platform container (no securenexus.managed label; ADR 026), with step-up */
  "platform:control": ["SUPER_ADMIN"],
  /** exec into a platform container, only when ALLOW_PLATFORM_EXEC is on, with step-up */
  "platform:exec": ["SUPER_ADMIN"],
  "image:read": ["SUPER_ADMIN", "DEVELOPER"],
  "image:pull": ["SUPER_ADMIN", "DEVELOPER"],
  "image:prune": ["SUPER_ADMIN"],
  "network:read": ["SUPER_ADMIN", "DEVELOPER"],
  "network:write": ["SUPER_ADMIN"],
  "volume:read": ["SUPER_ADMIN", "DEVELOPER"],
  "volume:write": ["SUPER_ADMIN"],
  "script:execute": ["SUPER_ADMIN", "DEVELOPER"],
  "user:read": ["SUPER_ADMIN", "DEVELOPER", "CLIENT_ADMIN"],
  "user:create": ["SUPER_ADMIN", "CLIENT_ADMIN"],
  "user:update": ["SUPER_ADMIN", "CLIENT_ADMIN"],
  "user:delete": ["SUPER_ADMIN"],
  "user:devices": ["SUPER_ADMIN"],
  "group:read": ["SUPER_ADMIN", "DEVELOPER"],
  "group:write": ["SUPER_ADMIN"],
  "role-mapping:read": ["SUPER_ADMIN"],
  "role-mapping:write": ["SUPER_ADMIN"],
  "admin:manage": ["SUPER_ADMIN"],
  "token:manage-own": ["SUPER_ADMIN", "DEVELOPER", "CLIENT_ADMIN", "CLIENT_USER"],
  "monitoring:read": ["SUPER_ADMIN", "DEVELOPER", "CLIENT_ADMIN", "CLIENT_USER"],
  "alert:manage": ["SUPER_ADMIN", "DEVELOPER"],
  "backup:read": ["SUPER_ADMIN", "DEVELOPER", "CLIENT_ADMIN", "CLIENT_USER"],
  "backup:create": ["SUPER_ADMIN", "CLIENT_ADMIN"],
  "backup:restore": ["SUPER_ADMIN"],
  "dns:read": ["SUPER_ADMIN", "DEVELOPER", "CLIENT_ADMIN", "CLIENT_USER"],
  "dns:write": ["SUPER_ADMIN", "CLIENT_ADMIN"],
  "dns:zone:write": ["SUPER_ADMIN"],
  "settings:read": ["SUPER_ADMIN", "DEVELOPER"],
  "settings:write": ["SUPER_ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function permissionsOf(roles: Iterable<Role>): Set<Permission> {
  const held = new Set(roles);
  const out = new Set<Permission>();
  for (const [perm, allowed] of Object.entries(PERMISSIONS) as [Permission, readonly Role[]][]) {
    if (allowed.some((r) => held.has(r))) out.add(perm);
  }
  return out;
}

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** user_clients.role ('admin' | 'user') → role held for that client. */
export function clientRoleOf(userClientRole: string): Role {
  return userClientRole === "admin" ? "CLIENT_ADMIN" : "CLIENT_USER";
}
