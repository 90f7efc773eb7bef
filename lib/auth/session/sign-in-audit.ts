import "server-only";
import { recordAudit, type AuditResult } from "../../audit/record";

/** One `auth.signin` audit row, the same shape for every way in (password, passkey, OIDC):
 *  the user when known, else "anonymous"; how it went; the method's own details. */
export async function recordSignIn(
  userId: string | null | undefined,
  ctx: { ip: string | null; userAgent: string | null },
  result: AuditResult,
  details: Record<string, unknown>,
) {
  return recordAudit({
    userId: userId ?? "anonymous",
    action: "auth.signin",
    resourceType: "user",
    resourceId: userId ?? null,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    result,
    details,
  });
}
