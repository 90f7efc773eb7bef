import "server-only";
import { recordAudit } from "../../../audit/record";
import { db } from "../../../db";
import type { SignInContext } from "../../session/sign-in";
import { grantError } from "./types";

/** Replay = theft: someone else holds a copy of a used token. Every device row of the family is
 *  signed out (thief and legitimate holder alike), audited as `auth.refresh.reuse`. */
export async function revokeFamilyOnReuse(
  row: { sessionId: string; userId: string; familyId: string },
  ctx: SignInContext,
): Promise<never> {
  const revoked = await db().session.updateMany({
    where: { familyId: row.familyId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  await recordAudit({
    userId: row.userId,
    action: "auth.refresh.reuse",
    resourceType: "session",
    resourceId: row.sessionId,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    result: "denied",
    details: { familyId: row.familyId, revokedSessions: revoked.count },
  });
  throw grantError("Refresh token already used: every session of this device was signed out");
}

export async function auditRefresh(
  row: { userId: string; familyId: string; previous: string; next: string },
  ctx: SignInContext,
) {
  await recordAudit({
    userId: row.userId,
    action: "auth.refresh",
    resourceType: "session",
    resourceId: row.next,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    result: "success",
    details: { familyId: row.familyId, previous: row.previous },
  });
}
