import "server-only";
import { z } from "zod";
import { db } from "../../db";
import { AppError } from "../../errors";
import { audited, parseInput } from "../../kit";
import { requirePermission, type Actor } from "../actor";
import { actorOfRow, tokenActorRow } from "../request/actor-row";
import { requireCredentialStepUp } from "../step-up/step-up";
import { newSecret, sha256 } from "./tokens";
import { revoking } from "../request/revocations";

// Personal API tokens for scripts and apps: `Authorization: Bearer snx_…`. Stored hashed,
// expiring, revocable. A token acts as its user with the user's current roles, so it never has
// more rights than the user (and loses them when the user does).

const createInput = z.object({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(365).default(90),
});

export async function createApiToken({ actor, ...input }: { actor: Actor } & Record<string, unknown>) {
  requirePermission(actor, "token:manage-own");
  const parsed = parseInput(createInput, input);
  await requireCredentialStepUp(actor, { action: "token.create", resource: { type: "api_token" } });
  const secret = newSecret("snx");
  return audited(actor, "token.create", { type: "api_token" }, async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        userId: actor.userId,
        name: parsed.name,
        tokenHash: sha256(secret),
        prefix: secret.slice(0, 12),
        expiresAt: new Date(Date.now() + parsed.expiresInDays * 86400_000),
      },
      select: { id: true, name: true, prefix: true, expiresAt: true, createdAt: true },
    });
    return { result: { ...row, token: secret }, resourceId: row.id, details: { name: row.name } };
  });
}

export async function listApiTokens({ actor }: { actor: Actor }) {
  requirePermission(actor, "token:manage-own");
  return db().apiToken.findMany({
    where: { userId: actor.userId },
    select: { id: true, name: true, prefix: true, expiresAt: true, revokedAt: true, lastUsedAt: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
}

export async function revokeApiToken({ actor, id }: { actor: Actor; id: string }) {
  requirePermission(actor, "token:manage-own");
  return revoking(
    actor.userId,
    "token.revoke",
    audited(actor, "token.revoke", { type: "api_token", id }, async (tx) => {
      const { count } = await tx.apiToken.updateMany({
        where: { id, userId: actor.userId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      if (count === 0) throw new AppError("NOT_FOUND", "No such active token");
      return { result: true };
    }),
  );
}

/** True when the token exists, belongs to the user, and is neither revoked nor expired (the
 *  re-check of an open stream: lib/auth/request/load-actor.ts reloadActor). */
export async function apiTokenIsLive(tokenId: string, userId: string): Promise<boolean> {
  const t = await db().apiToken.findUnique({
    where: { id: tokenId },
    select: { userId: true, revokedAt: true, expiresAt: true },
  });
  return !!t && t.userId === userId && !t.revokedAt && t.expiresAt > new Date();
}

/** The actor behind a bearer token, or null when the token is unknown, expired or revoked. */
export async function actorFromApiToken(token: string, ctx: { ip: string | null; userAgent: string | null }) {
  if (!token.startsWith("snx_") || token.length > 200) return null;
  // Token, user and memberships in one statement, checked fresh on every request: a revoked
  // token or a deactivated user is refused on the very next one.
  const row = await tokenActorRow(sha256(token));
  if (!row || row.revoked_at || new Date(row.expires_at) <= new Date()) return null;
  // "Last used" to the minute: a write on every API request would cost more than the answer.
  if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
    await db().apiToken.update({ where: { id: row.token_id }, data: { lastUsedAt: new Date() } });
  }
  return actorOfRow(row, { ...ctx, via: "token", subject: `token:${row.token_id}` });
}
