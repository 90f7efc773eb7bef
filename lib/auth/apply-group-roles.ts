import "server-only";
import type { Prisma } from "../db";
import { writeAudit } from "../audit/record";
import { mapGroups, type GroupMapping } from "./group-mapping";
import type { Role } from "./permissions";

// The group mapping owns the roles of Authentik accounts: global roles and every client
// membership are replaced from the groups, at sign-in (lib/auth/oidc-sign-in.ts) and by the
// periodic sync (lib/auth/group-sync.ts). A membership of a client domain we do not have is
// skipped and named in the audit row. Audited only when something changed (or a domain is
// unknown), so a sync every few minutes does not flood the log.

export type RolesAudit = { by: string; ip: string | null; userAgent: string | null; source: "authentik" | "sync" };

const byDomain = (a: { domain: string }, b: { domain: string }) => a.domain.localeCompare(b.domain);

export async function applyGroupRoles(
  tx: Prisma.TransactionClient,
  input: { userId: string; groups: string[]; mapping: GroupMapping; audit: RolesAudit },
) {
  const { userId, groups, mapping, audit } = input;
  const mapped = mapGroups(groups, mapping);
  const clients = await tx.client.findMany({
    where: { domain: { in: mapped.clientMemberships.map((m) => m.domain) }, deletedAt: null },
    select: { id: true, domain: true },
  });
  const clientOf = new Map(clients.map((c) => [c.domain, c.id]));
  const unknownDomains = mapped.clientMemberships.filter((m) => !clientOf.has(m.domain)).map((m) => m.domain);
  const memberships = mapped.clientMemberships.filter((m) => clientOf.has(m.domain)).map((m) => ({ clientId: clientOf.get(m.domain)!, domain: m.domain, role: m.role }));

  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { roles: true } });
  const links = await tx.userClient.findMany({ where: { userId }, select: { role: true, client: { select: { domain: true } } } });
  const beforeView = { roles: user.roles as Role[], clients: links.map((c) => ({ domain: c.client.domain, role: c.role })).sort(byDomain) };
  const afterView = { roles: mapped.globalRoles, clients: memberships.map(({ domain, role }) => ({ domain, role })) };
  const changed = JSON.stringify(beforeView) !== JSON.stringify(afterView);
  if (changed) {
    await tx.user.update({ where: { id: userId }, data: { roles: mapped.globalRoles } });
    await tx.userClient.deleteMany({ where: { userId } });
    if (memberships.length) await tx.userClient.createMany({ data: memberships.map((m) => ({ userId, clientId: m.clientId, role: m.role })) });
  }
  if (!changed && !unknownDomains.length) return { changed, auditRow: null };
  const auditRow = await writeAudit({
    userId: audit.by, action: "user.roles.sync", resourceType: "user", resourceId: userId,
    ip: audit.ip, userAgent: audit.userAgent, result: "success",
    details: { source: audit.source, changed, before: beforeView, after: afterView, groups, unknownDomains },
  }, tx);
  return { changed, auditRow };
}
