import "server-only";
import { recordSignIn } from "../auth/session/sign-in-audit";
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import { publishAudit } from "../audit/record";
import { groupsFromClaim, type GroupMapping } from "./group-pattern-match";
import { storeAuthentikRoles } from "./authentik-account-roles";
import { announceRevoked } from "../auth/request/revocations";
import { effectiveGroupMapping } from "./role-mapping-settings";
import { completeSignIn, type SignInContext } from "../auth/session/sign-in";
import { sha256 } from "../auth/tokens/tokens";

// Sign-in through Authentik (docs/decisions/002-authentication.md, "OIDC"). The account is found
// by the provider's subject, never by email: an email can be re-used or unverified at the
// provider, so an existing account with the same email is refused, not taken over. The group
// mapping owns the roles of Authentik accounts: global roles and every client membership are
// replaced at each sign-in (grant them in Authentik, not by hand here).

export type OidcClaims = {
  sub: string;
  email?: string | null;
  name?: string | null;
  preferredUsername?: string | null;
  groups?: unknown;
};

/** Why a sign-in was refused; lib/auth/session/next-auth.ts turns it into the sign-in page's message. */
export type OidcRefusal = "email_taken" | "inactive" | "no_email";

const claimsSchema = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().trim().toLowerCase().email().max(255),
  name: z.string().trim().max(255).nullish(),
  preferredUsername: z.string().trim().nullish(),
});

// Kept here for lib/users/views.ts; the mapping now lives in lib/identity/role-mapping-settings.ts.
export { groupMappingFromConfig } from "./role-mapping-settings";

export async function signInWithOidc(input: { claims: OidcClaims; mapping?: GroupMapping }, ctx: SignInContext) {
  const { claims } = input;
  const refuse = async (
    reason: OidcRefusal,
    code: "CONFLICT" | "FORBIDDEN" | "VALIDATION",
    message: string,
    userId?: string,
  ) => {
    await recordSignIn(userId, ctx, "failure", {
      method: "oidc",
      reason,
      sub: claims.sub,
      email: claims.email ?? null,
    });
    return new AppError(code, message, { reason });
  };

  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success)
    throw await refuse("no_email", "VALIDATION", "Authentik sent no valid email address for this account");
  const { sub, email } = parsed.data;
  const fullName = parsed.data.name ?? "";

  const linked = await db().user.findUnique({
    where: { externalId: sub },
    select: { id: true, username: true, isActive: true, roles: true },
  });
  const emailOwner = await db().user.findUnique({ where: { email }, select: { id: true } });
  if (emailOwner && emailOwner.id !== linked?.id) {
    throw await refuse(
      "email_taken",
      "CONFLICT",
      `An account with the email ${email} already exists and is not linked to Authentik`,
      emailOwner.id,
    );
  }
  if (linked && !linked.isActive) throw await refuse("inactive", "FORBIDDEN", "This account is disabled", linked.id);

  const mapping = input.mapping ?? (await effectiveGroupMapping()).mapping;
  const username = await freeUsername(parsed.data.preferredUsername ?? email.split("@")[0]!, sub, linked);

  const { user, auditRow } = await db().$transaction(async (tx) => {
    const data = { email, username, fullName };
    const user = linked
      ? await tx.user.update({
          where: { id: linked.id },
          data,
          select: { id: true, username: true, email: true, fullName: true },
        })
      : await tx.user.create({
          data: { ...data, roles: [], source: "authentik", externalId: sub },
          select: { id: true, username: true, email: true, fullName: true },
        });
    const { auditRow } = await storeAuthentikRoles(tx, {
      userId: user.id,
      groups: groupsFromClaim(claims.groups),
      mapping,
      audit: { by: user.id, ip: ctx.ip, userAgent: ctx.userAgent, source: "authentik" },
    });
    return { user, auditRow };
  });
  if (auditRow) await publishAudit(auditRow);
  if (auditRow) await announceRevoked(user.id, "user.roles.sync"); // roles may have shrunk: the user's other streams re-check
  return completeSignIn(user, "oidc", ctx);
}

/** preferred_username made valid for users.username; when another account holds it, a suffix
 *  from the subject keeps it unique (and stable across sign-ins). */
async function freeUsername(wanted: string, sub: string, linked: { id: string; username: string } | null) {
  const base = wanted
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 140)
    .padEnd(3, "_");
  for (const candidate of [base, `${base}-${sha256(sub).slice(0, 8)}`]) {
    const holder = await db().user.findUnique({ where: { username: candidate }, select: { id: true } });
    if (!holder || holder.id === linked?.id) return candidate;
  }
  if (linked) return linked.username;
  throw new AppError("CONFLICT", `No free username for ${wanted}`);
}
