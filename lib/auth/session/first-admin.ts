import "server-only";
import { z } from "zod";
import { config } from "../../config";
import { db } from "../../db";
import { AppError } from "../../errors";
import { recordAudit } from "../../audit/record";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../password/password";
import { passwordWeakness, requireStrongPassword } from "../password/password-strength";
import { newSecret, sha256 } from "../tokens/tokens";
import { parseInput } from "../../kit";

// On first start with an empty database: the first SUPER_ADMIN from ADMIN_EMAIL + ADMIN_PASSWORD,
// or else a one-time setup link in the log (valid 24 h; a new one is printed at each start
// while no user exists).
export async function ensureFirstAdmin(): Promise<{ created?: string; setupUrl?: string }> {
  if ((await db().user.count()) > 0) return {};
  const c = config();
  if (c.ADMIN_EMAIL && c.ADMIN_PASSWORD) {
    const email = c.ADMIN_EMAIL.toLowerCase();
    const weakness = passwordWeakness(c.ADMIN_PASSWORD, [email]);
    if (weakness) throw new Error(`Invalid environment:\n  ADMIN_PASSWORD: ${weakness}`);
    await createSuperAdmin(
      { email, username: email.split("@")[0]!, password: c.ADMIN_PASSWORD, fullName: "Administrator" },
      "env",
    );
    console.info(`[auth] first administrator created: ${email}`);
    return { created: email };
  }
  const token = newSecret("setup");
  await db().oneTimeToken.create({
    data: { purpose: "setup", tokenHash: sha256(token), expiresAt: new Date(Date.now() + 86400_000) },
  });
  const setupUrl = `${c.APP_URL}/setup?token=${token}`;
  console.info(`[auth] no users yet. Create the first administrator here (valid 24 h):\n\n    ${setupUrl}\n`);
  return { setupUrl };
}

const setupInput = z.object({
  token: z.string().min(10),
  email: z.string().trim().toLowerCase().email(),
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,150}$/, "3-150 of a-z 0-9 . _ -"),
  fullName: z.string().trim().max(255).default(""),
  password: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
});

/** Redeems the setup link: creates the first SUPER_ADMIN. Refused once any user exists. */
export async function completeSetup(input: unknown, ctx: { ip: string | null; userAgent: string | null }) {
  const parsed = parseInput(setupInput, input);
  const { token, ...user } = parsed;
  requireStrongPassword(user.password, [user.email, user.username, user.fullName]);
  const row = await db().oneTimeToken.findUnique({ where: { tokenHash: sha256(token) } });
  if (!row || row.purpose !== "setup" || row.usedAt || row.expiresAt < new Date()) {
    throw new AppError("FORBIDDEN", "This setup link is invalid or has expired; restart the server for a new one");
  }
  if ((await db().user.count()) > 0) throw new AppError("CONFLICT", "Setup is already complete");
  const created = await createSuperAdmin(user, "setup-link", row.id);
  await recordAudit({
    userId: created.id,
    action: "user.create",
    resourceType: "user",
    resourceId: created.id,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    result: "success",
    details: { via: "setup-link", email: user.email },
  });
  return created;
}

async function createSuperAdmin(
  u: { email: string; username: string; fullName: string; password: string },
  via: string,
  tokenId?: string,
) {
  const passwordHash = await hashPassword(u.password);
  return db().$transaction(async (tx) => {
    if (tokenId) await tx.oneTimeToken.update({ where: { id: tokenId }, data: { usedAt: new Date() } });
    const user = await tx.user.create({
      data: {
        email: u.email,
        username: u.username,
        fullName: u.fullName,
        passwordHash,
        roles: ["SUPER_ADMIN"],
        source: "local",
      },
      select: { id: true, email: true, username: true },
    });
    if (via === "env") {
      await tx.auditLog.create({
        data: {
          userId: user.id,
          action: "user.create",
          resourceType: "user",
          resourceId: user.id,
          result: "success",
          details: { via },
        },
      });
    }
    return user;
  });
}
