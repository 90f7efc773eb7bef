import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Each test process gets its own data dir and a fixed secret; real service URLs come from the
// environment (scripts/services.sh writes them to /var/lib/securenexus-test/env).
process.env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "snx-test-"));
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret-000";
process.env.JOBS_ENABLED ??= "false";
