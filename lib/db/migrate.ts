import "server-only";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import type { Database, RawConnection } from "./connection";

// Applies committed migrations (prisma/migrations/*/migration.sql) in Prisma's own bookkeeping
// table, so the Prisma CLI sees the same history. Several instances starting at once are
// serialised by a PostgreSQL advisory lock; each migration runs in its own transaction.
const LOCK_ID = 72_010_001; // any constant; shared by every instance of this app

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
);`;

export function migrationsDir(): string {
  return process.env.MIGRATIONS_DIR ?? path.resolve("prisma/migrations");
}

function listMigrations(dir: string) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

/** Returns the names of the migrations it applied. */
export async function applyMigrations(db: Database, dir = migrationsDir()): Promise<string[]> {
  const migrations = listMigrations(dir);
  return db.session((conn) => applyLocked(conn, migrations));
}

async function applyLocked(db: RawConnection, migrations: ReturnType<typeof listMigrations>) {
  const applied: string[] = [];
  await db.query(`SELECT pg_advisory_lock(${LOCK_ID})`);
  try {
    await db.raw(BOOKKEEPING);
    const done = await db.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const doneByName = new Map(done.map((r) => [r.migration_name, r.checksum]));
    for (const m of migrations) {
      const previous = doneByName.get(m.name);
      if (previous) {
        if (previous !== m.checksum) throw new Error(`migration ${m.name} was changed after it was applied`);
        continue;
      }
      const id = crypto.randomUUID();
      // One simple-protocol script: the migration and its bookkeeping row commit together.
      await db
        .raw(
          `BEGIN;\n${m.sql}\n;INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) ` +
            `VALUES ('${id}', '${m.checksum}', now(), '${m.name.replace(/'/g, "''")}', 1);\nCOMMIT;`,
        )
        .catch(async (err) => {
          await db.raw("ROLLBACK").catch(() => {});
          throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
        });
      applied.push(m.name);
    }
  } finally {
    await db.query(`SELECT pg_advisory_unlock(${LOCK_ID})`);
  }
  return applied;
}
