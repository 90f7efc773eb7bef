import "server-only";
import { config } from "../config";
import { openPglite, openPostgres, type Database } from "./connection";
import { applyMigrations } from "./migrate";

export type { Database } from "./connection";
export { Prisma } from "./generated/client";
export type { PrismaClient } from "./generated/client";

// One database per process, kept on globalThis: Next bundles route handlers separately and a
// module-level singleton would otherwise be created once per bundle.
const g = globalThis as { __snxDb?: Database; __snxDbReady?: Promise<Database> };

export function database(): Database {
  if (!g.__snxDb) {
    const c = config();
    g.__snxDb = c.DATABASE_URL ? openPostgres(c.DATABASE_URL) : openPglite(c.DATA_DIR);
  }
  return g.__snxDb;
}

/** The Prisma client. Migrations are applied once at start (instrumentation.ts → ensureDatabase). */
export function db() {
  return database().prisma;
}

export function ensureDatabase(): Promise<Database> {
  g.__snxDbReady ??= (async () => {
    const d = database();
    const applied = await applyMigrations(d);
    if (applied.length) console.info(`[db] applied migrations: ${applied.join(", ")}`);
    return d;
  })();
  return g.__snxDbReady;
}

/** Test seam: use this database for the rest of the process. */
export function setDatabase(d: Database) {
  g.__snxDb = d;
  g.__snxDbReady = Promise.resolve(d);
}
