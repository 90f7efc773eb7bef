#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded on our machines.
# `prisma generate` only checks that the file exists; every real engine request fails loudly here.
# Migrations go through scripts/migrations.ts (WebAssembly engine). To use the native engine,
# unset PRISMA_SCHEMA_ENGINE_BINARY.
echo "native Prisma schema engine not available: use npm run db:migrate:* (scripts/migrations.ts)" >&2
exit 1
