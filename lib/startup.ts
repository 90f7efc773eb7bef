import "server-only";
import { config } from "./config";
import { ensureDatabase } from "./db";
import { ensureFirstAdmin } from "./auth/session/first-admin";

// Everything that must have happened before the first request: config parsed, migrations
// applied, first admin or setup link. Called from instrumentation.ts at boot and awaited by the
// doors (cheap once done), so a request can never run against an unmigrated database.
const g = globalThis as { __snxReady?: Promise<void> };

export function ensureReady(): Promise<void> {
  g.__snxReady ??= (async () => {
    config();
    await ensureDatabase();
    await ensureFirstAdmin();
  })();
  return g.__snxReady;
}
