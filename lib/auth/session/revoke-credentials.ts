import "server-only";
import type { Prisma } from "../../db";
import { isId } from "../../kit/ids";

// Ending a user's access in one place (ADR 027). A device is a sessions row, and an app's
// refresh-token family is sessions rows too (both refresh stores refuse a token whose row is
// revoked: lib/auth/refresh-store), so revoking the rows ends browser sessions and app tokens
// alike. API tokens are separate rows and are revoked only when asked.

export type Revoked = { sessions: number; apiTokens: number };

export async function revokeUserCredentials(
  tx: Prisma.TransactionClient,
  userId: string,
  opts: { apiTokens: boolean; keepSessionOf?: string | null },
): Promise<Revoked> {
  const now = new Date();
  // The device asking keeps its own family (a user changing their own password stays signed in there).
  const keep = opts.keepSessionOf
    ? await tx.session.findFirst({ where: { id: opts.keepSessionOf, userId }, select: { familyId: true } })
    : null;
  const sessions = await tx.session.updateMany({
    where: { userId, revokedAt: null, ...(keep ? { familyId: { not: keep.familyId } } : {}) },
    data: { revokedAt: now },
  });
  const apiTokens = opts.apiTokens
    ? await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } })
    : { count: 0 };
  return { sessions: sessions.count, apiTokens: apiTokens.count };
}

/** The sessions row id of an actor's subject ("session:<id>"), or null (API token, system). */
export const sessionIdOf = (subject: string | null): string | null =>
  subject?.startsWith("session:") && isId(subject.slice(8)) ? subject.slice(8) : null;
