import path from "node:path";
import { defineConfig } from "vitest/config";

// unit: no services. integration: real PostgreSQL, Redis, Docker, etcd... (scripts/services.sh).
// In CI (CI=true) a missing service fails the test; elsewhere it is skipped with a printed note.
const shared = {
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "tests/support/empty.ts"),
    },
  },
};

export default defineConfig({
  ...shared,
  test: {
    projects: [
      {
        ...shared,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], setupFiles: ["tests/support/setup-env.ts"] },
      },
      {
        ...shared,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          setupFiles: ["tests/support/setup-env.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Files run in parallel workers: each file has its own databases (tests/support/db.ts), its
          // own Docker name prefix (runPrefix), its own Redis database per worker (setup-env.ts) and
          // its own ports. 2 workers on a 2-core machine: measured in docs/testing.md (ADR 032).
          fileParallelism: true,
          maxWorkers: Number(process.env.TEST_WORKERS ?? 2),
        },
      },
    ],
  },
});
