import "server-only";
import { isIP } from "node:net";
import { db, type Prisma } from "../db";
import { events } from "../events";
import { redact } from "./redact";

export type AuditResult = "success" | "failure" | "denied";

export type AuditEntry = {
  userId: string;
  action: string;
  resourceType?: string | null;
  resourceId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  result: AuditResult;
  details?: Record<string, unknown>;
};

type Tx = Pick<Prisma.TransactionClient, "auditLog">;

/** Writes one audit row, inside `tx` when the change has a transaction. Returns the row id.
 *  Publish the event after the transaction commits (see publishAudit). */
export async function writeAudit(entry: AuditEntry, tx: Tx = db()) {
  const row = await tx.auditLog.create({
    data: {
      userId: entry.userId,
      action: entry.action,
      resourceType: entry.resourceType ?? null,
      resourceId: entry.resourceId ?? null,
      // the column is INET: keep only a valid address (strip an IPv6 zone or port junk)
      ipAddress: entry.ip && isIP(entry.ip) ? entry.ip : null,
      userAgent: entry.userAgent?.slice(0, 1000) ?? null,
      result: entry.result,
      details: redact(entry.details ?? {}) as Prisma.InputJsonValue,
    },
    select: { id: true, userId: true, action: true, result: true, createdAt: true },
  });
  return row;
}

export async function publishAudit(row: Awaited<ReturnType<typeof writeAudit>>) {
  await events()
    .publish("audit.created", { ...row, createdAt: (row.createdAt ?? new Date()).toISOString() })
    .catch((err) => console.error("[audit] event not published:", (err as Error).message));
}

/** Write + publish, for entries outside any transaction (sign-ins, denials, failures). */
export async function recordAudit(entry: AuditEntry) {
  const row = await writeAudit(entry);
  await publishAudit(row);
  return row;
}
