import "server-only";
import fs from "node:fs";
import path from "node:path";
import { Pool } from "pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/client";

// Two engines, one schema: PostgreSQL when DATABASE_URL is set, else embedded PGlite under DATA_DIR.
// `raw` runs a whole SQL script in one simple-protocol round trip (used by migrations: the
// adapters split scripts on ";" or drop errors, see docs/decisions/001-database-and-migrations.md).
export type Database = {
  kind: "postgres" | "pglite";
  prisma: PrismaClient;
  /** Runs fn on one dedicated connection (session-level locks need that). */
  session<T>(fn: (conn: RawConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type RawConnection = {
  raw(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
};

export function openPostgres(url: string): Database {
  const pool = new Pool({ connectionString: url, max: 10 });
  // An idle client whose server connection dies (PostgreSQL restart, admin kill) emits "error" on
  // the pool; unhandled, that would crash the process. The next query reconnects; /health reports.
  pool.on("error", (err) => console.warn(`[db] idle connection lost: ${err.message}`));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: "postgres",
    prisma,
    session: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn({
          raw: async (sql) => void (await client.query(sql)),
          query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
        });
      } finally {
        client.release();
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}

/** dataDir undefined → in-memory (tests). */
export function openPglite(dataDir?: string): Database {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const pg = new PGlite(dataDir ? path.join(dataDir, "pglite") : undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pg) });
  return {
    kind: "pglite",
    prisma,
    session: (fn) =>
      fn({
        raw: async (sql) => void (await pg.exec(sql)),
        query: async (sql, params) => (await pg.query(sql, params as unknown[])).rows as never,
      }),
    close: async () => {
      const exitCode = process.exitCode; // PGlite resets process.exitCode on close
      await prisma.$disconnect();
      await pg.close();
      process.exitCode = exitCode;
    },
  };
}
