// Migration tool: `create <name>` writes prisma/migrations/<timestamp>_<name>/migration.sql from the
// difference between the committed migrations and schema.prisma; `check` exits 1 when they drift;
// `deploy` applies pending migrations to DATABASE_URL (or the embedded PGlite under DATA_DIR).
import fs from "node:fs";
import path from "node:path";
import { diffMigrationsToSchema, MIGRATIONS_DIR } from "./lib/schema-engine";

async function main() {
  const [command, name] = process.argv.slice(2);
  if (command === "create") {
    if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: migrations create <snake_case_name>");
    const sql = await diffMigrationsToSchema();
    if (!sql) return console.log("schema.prisma matches the migrations: nothing to create");
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql + "\n");
    fs.writeFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), 'provider = "postgresql"\n');
    console.log(`created ${path.relative(process.cwd(), dir)}/migration.sql`);
  } else if (command === "check") {
    const sql = await diffMigrationsToSchema();
    if (sql) {
      console.error("schema.prisma and prisma/migrations have drifted apart; missing SQL:\n" + sql);
      process.exit(1);
    }
    console.log("schema.prisma matches the migrations");
  } else if (command === "deploy") {
    const { database } = await import("../lib/db/index");
    const { applyMigrations } = await import("../lib/db/migrate");
    const d = database();
    const applied = await applyMigrations(d);
    await d.close();
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
  } else {
    throw new Error("usage: migrations create <name> | check | deploy");
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
