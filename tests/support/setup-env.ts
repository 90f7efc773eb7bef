import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Each test process gets its own data dir and a fixed secret.
process.env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "snx-test-"));
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret-000";
process.env.JOBS_ENABLED ??= "false";

// scripts/services.sh exports the engines' addresses for the whole CI run. Tests name the
// engine they use (tests/support/services.ts SERVICE_URLS, or their own env for a started
// server), so the app's own backend switches start off here: otherwise every test would silently
// share one Redis (rate-limit budgets, pub/sub timing) and one etcd across files.
if (process.env.REDIS_URL) process.env.TEST_REDIS_URL ??= process.env.REDIS_URL; // (assigning undefined would store "undefined")
// Files run in parallel workers (vitest.config.ts): each worker gets its own Redis logical
// database, so keys the app writes (sign-in failures, rate limits, refresh tokens, the directory
// cache generation) never meet another file's. Pub/sub channels are global to the server: tests on
// the event bus match their own payloads. Redis has databases 0..15; 0 stays for the services.
const worker = Number(process.env.VITEST_POOL_ID ?? 1);
const redisBase = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
if (!/\/\d+$/.test(new URL(redisBase).pathname))
  process.env.TEST_REDIS_URL = `${redisBase.replace(/\/$/, "")}/${1 + ((worker - 1) % 15)}`;
for (const name of ["DATABASE_URL", "REDIS_URL", "ETCD_URL", "PROMETHEUS_URL", "ALERTMANAGER_URL"])
  delete process.env[name];
