import { AppError } from "./errors";

// Keyset cursors over (createdAt desc, id desc): stable while rows are added, no OFFSET scans.
export type KeysetCursor = { createdAt: Date; id: string };

export function encodeCursor(c: KeysetCursor): string {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): KeysetCursor {
  const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime()))
    throw new AppError("VALIDATION", "Invalid cursor", { fields: { after: "invalid cursor" } });
  return { createdAt, id };
}

export function pageSize(first: number | null | undefined, max = 200, fallback = 50): number {
  if (first == null) return fallback;
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new AppError("VALIDATION", `first must be between 1 and ${max}`, { fields: { first: `1-${max}` } });
  }
  return first;
}

export type Page<T> = { items: T[]; hasNextPage: boolean; endCursor: string | null };
