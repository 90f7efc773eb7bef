import "server-only";
import { z } from "zod";
import { requirePermission, type Actor } from "../auth/actor";
import { db } from "../db";
import { AppError, isAppError } from "../errors";
import { denyUnless, isId, parseInput } from "../kit";
import { allAuditLogs, auditFilter, type AuditFilter, type AuditLogRow } from "./list-audit-logs";
import { recordAudit } from "./record";

// Audit export as a download: CSV (RFC 4180) or a JSON array, streamed page by page so a large
// trail never sits in memory. The same scope as the Audit page applies (own rows for client
// roles); the export itself is audited once the stream ends, with how many rows left.

export const EXPORT_FORMATS = ["csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const FILTER_KEYS = ["userId", "action", "resourceType", "resourceId", "result", "from", "to"] as const;
const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/** The filter in a query string (Audit page form, export link). Empty fields are "no filter";
 *  a datetime-local value (no zone) is read as UTC, the zone the page shows times in.
 *  Throws VALIDATION naming a date that cannot be read. */
export function auditFilterFromParams(params: URLSearchParams): Partial<Record<(typeof FILTER_KEYS)[number], string>> {
  const out: Partial<Record<(typeof FILTER_KEYS)[number], string>> = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key)?.trim();
    if (!v) continue;
    if (key !== "from" && key !== "to") {
      out[key] = v;
      continue;
    }
    const iso = LOCAL_DATETIME.test(v) ? `${v}Z` : v;
    if (Number.isNaN(new Date(iso).getTime())) {
      throw new AppError(
        "VALIDATION",
        `${key === "from" ? "From" : "To"}: "${v.slice(0, 40)}" is not a date and time`,
        { fields: { [key]: "not a date and time" } },
      );
    }
    out[key] = iso;
  }
  return out;
}

/** Usernames for the user ids of audit rows the actor can already see, in one query. Ids that
 *  are not accounts ("system", a failed sign-in's name) are simply not in the map. */
export async function auditUserNames({
  actor,
  userIds,
}: {
  actor: Actor;
  userIds: string[];
}): Promise<Map<string, string>> {
  requirePermission(actor, "audit:read");
  const ids = [...new Set(userIds.filter((id) => isId(id)))];
  if (ids.length === 0) return new Map();
  const users = await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true } });
  return new Map(users.map((u) => [u.id, u.username]));
}

/** One CSV field: formula-looking text is defused for spreadsheets, then quoted per RFC 4180. */
export function csvCell(value: string | null | undefined): string {
  let s = value ?? "";
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CSV_HEADER = [
  "time",
  "user_id",
  "user",
  "action",
  "resource_type",
  "resource_id",
  "result",
  "ip_address",
  "user_agent",
  "details",
];

function exportRow(r: AuditLogRow, names: Map<string, string>) {
  return {
    id: r.id,
    time: r.createdAt?.toISOString() ?? null,
    userId: r.userId,
    user: names.get(r.userId) ?? null,
    action: r.action,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    result: r.result,
    ipAddress: r.ipAddress,
    userAgent: r.userAgent,
    details: r.details ?? {},
  };
}

function render(format: ExportFormat, rows: ReturnType<typeof exportRow>[], first: boolean): string {
  if (format === "json") return rows.map((r, i) => (first && i === 0 ? "\n" : ",\n") + JSON.stringify(r)).join("");
  return rows
    .map(
      (r) =>
        [
          r.time,
          r.userId,
          r.user,
          r.action,
          r.resourceType,
          r.resourceId,
          r.result,
          r.ipAddress,
          r.userAgent,
          JSON.stringify(r.details),
        ]
          .map(csvCell)
          .join(",") + "\r\n",
    )
    .join("");
}

async function* chunks(
  actor: Actor,
  format: ExportFormat,
  filter: AuditFilter,
  count: { rows: number },
): AsyncGenerator<string> {
  yield format === "csv" ? CSV_HEADER.join(",") + "\r\n" : "[";
  let batch: AuditLogRow[] = [];
  const flush = async () => {
    const names = await auditUserNames({ actor, userIds: batch.map((r) => r.userId) });
    const text = render(
      format,
      batch.map((r) => exportRow(r, names)),
      count.rows === 0,
    );
    count.rows += batch.length;
    batch = [];
    return text;
  };
  for await (const row of allAuditLogs({ actor, filter })) {
    batch.push(row);
    if (batch.length >= 200) yield await flush();
  }
  if (batch.length) yield await flush();
  if (format === "json") yield count.rows ? "\n]\n" : "]\n";
}

const exportInput = z.object({ format: z.enum(EXPORT_FORMATS).default("csv"), filter: auditFilter });

export async function exportAuditLogs({ actor, ...input }: { actor: Actor; format?: unknown; filter?: unknown }) {
  await denyUnless(actor, "audit:export", { action: "audit.export", resource: { type: "audit_log" } });
  // Validate before the first byte: once streaming starts the status is already 200.
  const { format, filter } = parseInput(exportInput, { format: input.format ?? undefined, filter: input.filter ?? {} });
  const count = { rows: 0 };
  const it = chunks(actor, format, filter, count);
  const encoder = new TextEncoder();
  let ended = false;
  const finish = async (error?: string) => {
    if (ended) return;
    ended = true;
    const shownFilter = Object.fromEntries(
      Object.entries(filter).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
    );
    await recordAudit({
      userId: actor.userId,
      action: "audit.export",
      resourceType: "audit_log",
      ip: actor.ip,
      userAgent: actor.userAgent,
      result: error ? "failure" : "success",
      details: { format, filter: shownFilter, rows: count.rows, ...(error ? { error } : {}) },
    });
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await it.next();
        if (next.done) {
          await finish();
          controller.close();
        } else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        await finish(isAppError(err) ? err.message : "internal error").catch((e) =>
          console.error("[audit] failed export not recorded:", (e as Error).message),
        );
        controller.error(err);
      }
    },
    async cancel() {
      await it.return(undefined);
      await finish(`download cancelled after ${count.rows} rows`);
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return {
    format,
    body,
    filename: `audit-log-${date}.${format}`,
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
  };
}
