import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// e2e against a production build (`npm run build` first; scripts/test.sh does it) served by
// `next start` on the embedded defaults (PGlite in a fresh temp DATA_DIR, no Redis), with an
// OpenID provider of our own (npm oidc-provider, tests/e2e/support) standing in for Authentik.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3901);
const baseURL = `http://localhost:${E2E_PORT}`;
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `snx-e2e-${Date.now()}`);

export const E2E_ADMIN = { email: "admin@example.test", password: "correct-horse-battery-staple" };

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    baseURL,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
    trace: "off",
  },
  projects: [{ name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: `node node_modules/next/dist/bin/next start -p ${E2E_PORT}`,
    url: `${baseURL}/health`,
    // A loaded machine (several builds at once) can take longer to start: E2E_SERVER_TIMEOUT_MS.
    timeout: Number(process.env.E2E_SERVER_TIMEOUT_MS ?? 120_000),
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      ...(process.env as Record<string, string>),
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next",
      // Embedded defaults: whatever scripts/services.sh exported for the other tests is switched off.
      DATABASE_URL: "",
      REDIS_URL: "",
      ETCD_URL: "",
      PROMETHEUS_URL: "",
      ALERTMANAGER_URL: "",
      DATA_DIR: dataDir,
      APP_URL: baseURL,
      NEXTAUTH_URL: baseURL,
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      AUTHENTIK_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
      AUTHENTIK_CLIENT_ID: "securenexus-e2e",
      AUTHENTIK_CLIENT_SECRET: "e2e-client-secret-e2e-client-secret",
      RATE_LIMIT_SIGNIN_PER_MINUTE: "1000",
      // The busybox catalog (lib/provisioning/templates/test.ts): provisioning runs on the local engine.
      SERVICE_CATALOG: "test",
      // The Scripts page runs the test scripts (tests/e2e/scripts.spec.ts), not the shipped ones.
      SCRIPTS_DIR: process.env.E2E_SCRIPTS_DIR ?? path.resolve("tests/fixtures/scripts"),
    },
  },
});
