import crypto from "node:crypto";
import { Client } from "pg";
import { openPglite, openPostgres, type Database } from "@/lib/db/connection";
import { applyMigrations } from "@/lib/db/migrate";
import { setDatabase } from "@/lib/db";
import { requireService, SERVICE_URLS } from "./services";

export type Engine = "postgres" | "pglite";
/** The engines the data tests run on; TEST_ENGINES=postgres (or pglite) runs only that one. */
export const ENGINES: Engine[] = (process.env.TEST_ENGINES ?? "postgres,pglite")
  .split(",")
  .map((e) => e.trim())
  .filter((e): e is Engine => e === "postgres" || e === "pglite");

/** A fresh, migrated database of that engine: its own PostgreSQL database, or in-memory PGlite.
 *  Returns null (test skipped, outside CI only) when PostgreSQL is not reachable. `migrationsDir`
 *  migrates from another folder (a migration test applies the history up to its migration). */
export async function freshDatabase(
  engine: Engine,
  opts: { migrationsDir?: string } = {},
): Promise<(Database & { url?: string }) | null> {
  if (engine === "pglite") {
    const d = openPglite();
    await applyMigrations(d, opts.migrationsDir);
    return d;
  }
  if (!(await requireService("PostgreSQL", SERVICE_URLS.postgres))) return null;
  const name = `snx_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: SERVICE_URLS.postgres });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = SERVICE_URLS.postgres.replace(/\/[^/]*$/, `/${name}`);
  const d = openPostgres(url);
  await applyMigrations(d, opts.migrationsDir);
  const close = d.close;
  return Object.assign(d, {
    url,
    close: async () => {
      await close();
      const c = new Client({ connectionString: SERVICE_URLS.postgres });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  });
}

/** Opens a fresh database and makes it the process's database (lib/db) for the test file. */
export async function installFreshDatabase(engine: Engine) {
  const d = await freshDatabase(engine);
  if (d) setDatabase(d);
  return d;
}
