import "server-only";
import type { Prisma } from "../db";
import { writeAudit } from "../audit/record";
import { mapGroups, type GroupMapping } from "./group-pattern-match";
import type { Role } from "../auth/permissions";

// Stores an Authentik account's roles from its groups. The group mapping owns the global roles
// of Authentik accounts and the client memberships it derived itself (user_clients.source =
// "mapping"); both are replaced from the groups, at sign-in (lib/identity/oidc-sign-in.ts) and by the
// periodic sync (lib/identity/authentik-role-sync.ts). A membership of a client domain we do not have is
// skipped and named in the audit row. A membership given in the console (source "console", e.g. a
// CLIENT_ADMIN adding the account to their client) is never touched here, and the mapping makes no
// row of its own for that client (ADR 024). Audited only when something changed (or a domain is
// unknown), so a sync every few minutes does not flood the log.

export type RolesAudit = { by: string; ip: string | null; userAgent: string | null; source: "authentik" | "sync" };

const byDomain = (a: { domain: string }, b: { domain: string }) => a.domain.localeCompare(b.domain);

export async function storeAuthentikRoles(
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

  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { roles: true } });
  const allLinks = await tx.userClient.findMany({
    where: { userId },
    select: { clientId: true, role: true, source: true, client: { select: { domain: true } } },
  });
  const givenInConsole = new Set(allLinks.filter((l) => l.source !== "mapping").map((l) => l.clientId));
  const links = allLinks.filter((l) => l.source === "mapping");
  const memberships = mapped.clientMemberships
    .filter((m) => clientOf.has(m.domain) && !givenInConsole.has(clientOf.get(m.domain)!))
    .map((m) => ({ clientId: clientOf.get(m.domain)!, domain: m.domain, role: m.role }));
  const beforeView = {
    roles: user.roles as Role[],
    clients: links.map((c) => ({ domain: c.client.domain, role: c.role })).sort(byDomain),
  };
  const afterView = { roles: mapped.globalRoles, clients: memberships.map(({ domain, role }) => ({ domain, role })) };
  const changed = JSON.stringify(beforeView) !== JSON.stringify(afterView);
  if (changed) {
    await tx.user.update({ where: { id: userId }, data: { roles: mapped.globalRoles } });
    await tx.userClient.deleteMany({ where: { userId, source: "mapping" } });
    if (memberships.length)
      await tx.userClient.createMany({
        data: memberships.map((m) => ({ userId, clientId: m.clientId, role: m.role, source: "mapping" })),
      });
  }
  if (!changed && !unknownDomains.length) return { changed, auditRow: null };
  const auditRow = await writeAudit(
    {
      userId: audit.by,
      action: "user.roles.sync",
      resourceType: "user",
      resourceId: userId,
      ip: audit.ip,
      userAgent: audit.userAgent,
      result: "success",
      details: { source: audit.source, changed, before: beforeView, after: afterView, groups, unknownDomains },
    },
    tx,
  );
  return { changed, auditRow };
}
