import "server-only";
import { db } from "../db";
import { publishAudit } from "../audit/record";
import { directory, type Directory, type DirectoryUser } from "../directory";
import { CachedDirectory } from "../directory/cache";
import { storeAuthentikRoles } from "./authentik-account-roles";
import { announceRevoked } from "../auth/request/revocations";
import { effectiveGroupMapping } from "./role-mapping-settings";

// The periodic group sync (docs/decisions/016-group-role-mapping.md): between sign-ins, a user's Authentik groups can
// change (someone removed from "admin" must not stay SUPER_ADMIN until they sign in again). Every
// GROUP_SYNC_INTERVAL_MINUTES each console account from Authentik gets its roles and client
// memberships recomputed from its current groups with the mapping in force, audited as "system".
// Idempotent: a second run changes nothing, so a retried or doubled job is harmless.

export const GROUP_SYNC_JOB = "identity.group-sync";
const PAGE = 100;

export type GroupSyncReport = { skipped?: string; checked: number; changed: number; unmatched: number };

/** Authentik's users by every subject its OIDC provider may send, read past the 30 s cache. */
async function authentikUsersBySubject(dir: Directory): Promise<Map<string, DirectoryUser>> {
  const source = dir instanceof CachedDirectory ? dir.inner : dir;
  const bySubject = new Map<string, DirectoryUser>();
  for (let page = 1; ; page++) {
    const res = await source.listUsers({}, { page, pageSize: PAGE });
    for (const u of res.items) for (const s of u.subjects ?? [u.id]) bySubject.set(s, u);
    if (!res.hasNextPage) return bySubject;
  }
}

export async function syncGroupRoles(dir: Directory = directory()): Promise<GroupSyncReport> {
  if (dir.kind !== "authentik")
    return { skipped: "the directory is local (AUTHENTIK_URL not set)", checked: 0, changed: 0, unmatched: 0 };
  const accounts = await db().user.findMany({
    where: { source: "authentik", externalId: { not: null } },
    select: { id: true, externalId: true },
  });
  const report: GroupSyncReport = { checked: 0, changed: 0, unmatched: 0 };
  if (!accounts.length) return report;
  const [{ mapping }, people] = await Promise.all([effectiveGroupMapping(), authentikUsersBySubject(dir)]);
  for (const account of accounts) {
    const person = people.get(account.externalId!);
    // Gone from Authentik (or another subject mode): left alone; sign-in is refused there anyway.
    if (!person) {
      report.unmatched++;
      continue;
    }
    report.checked++;
    const { changed, auditRow } = await db().$transaction((tx) =>
      storeAuthentikRoles(tx, {
        userId: account.id,
        groups: person.groups.map((g) => g.name),
        mapping,
        audit: { by: "system", ip: null, userAgent: null, source: "sync" },
      }),
    );
    if (changed) report.changed++;
    if (changed) await announceRevoked(account.id, "user.roles.sync");
    if (auditRow) await publishAudit(auditRow);
  }
  return report;
}

/** The job handler: the report is stored as the job's final progress. */
export const groupSyncJob = async () => syncGroupRoles();
