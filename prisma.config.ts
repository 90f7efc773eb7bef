// Prisma CLI config. Only `prisma generate` is used from the CLI: its migrate commands need a
// native engine that cannot be downloaded here, so migrations go through scripts/migrations.ts
// (WebAssembly schema engine). See docs/decisions/001-database-and-migrations.md.
import path from "node:path";
import { defineConfig } from "prisma/config";

// `prisma generate` refuses to run unless this file exists; it never asks it for anything.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve("scripts/no-schema-engine.sh");

export default defineConfig({
  schema: "prisma/schema.prisma",
});
