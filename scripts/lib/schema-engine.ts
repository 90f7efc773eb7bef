// Prisma's schema engine as WebAssembly, driven through a driver adapter.
// Why: the CLI's `prisma migrate` needs a native engine downloaded from Prisma's servers, which
// our machines cannot reach (docs/decisions/001-database-and-migrations.md). The wasm build of the
// same engine (pinned to the CLI's exact version in package.json) computes the same SQL.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const require = createRequire(import.meta.url);
export const MIGRATIONS_DIR = path.resolve("prisma/migrations");
export const SCHEMA_PATH = path.resolve("prisma/schema.prisma");

type Engine = {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string }>;
  free(): void;
};

async function loadEngineModule() {
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const bg = await import(path.join(dir, "schema_engine_bg.js"));
  const wasmBytes = fs.readFileSync(path.join(dir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(wasmBytes, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return bg;
}

export function readMigrations() {
  if (!fs.existsSync(MIGRATIONS_DIR)) return [];
  return fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: fs.readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8") },
      },
    }));
}

/** SQL that takes a database built from the committed migrations to the current schema.prisma.
 *  Empty when they agree. A fresh in-memory PGlite serves as the shadow database. */
export async function diffMigrationsToSchema(): Promise<string> {
  const bg = await loadEngineModule();
  const schema = fs.readFileSync(SCHEMA_PATH, "utf8");
  const shadow = new PGlite();
  const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(shadow) as never);
  const engine: Engine = await bg.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, factory);
  const migrations = readMigrations();
  const from = migrations.length
    ? {
        tag: "migrations",
        baseDir: MIGRATIONS_DIR,
        lockfile: { path: "migration_lock.toml", content: readLockfile() },
        migrationDirectories: migrations,
        shadowDbInitScript: "",
      }
    : { tag: "empty" };
  try {
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      shadowDatabaseUrl: null,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout.includes("This is an empty migration") ? "" : result.stdout.trim();
  } finally {
    engine.free();
    await shadow.close();
  }
}

function readLockfile(): string | null {
  const file = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
}
