#!/usr/bin/env node
// One command from a fresh clone to a running console (`npm run up`): installs dependencies if
// missing, builds when the sources changed since the last build, then serves on PORT (3000).
// Embedded defaults: PGlite under ./data, in-process events and rate limits, local accounts.
// The database is migrated and the first administrator created at start (instrumentation.ts).
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const run = (cmd, args, env = {}) => execFileSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });

if (!fs.existsSync("node_modules/.package-lock.json")) {
  console.log("[up] installing dependencies (npm ci)…");
  run(npm, ["ci", "--no-audit", "--no-fund"]);
}

// A build is reused while the tracked sources are unchanged (index blob ids + working-tree diff).
function sourceHash() {
  try {
    const index = execFileSync("git", ["ls-files", "-s"], { encoding: "utf8" });
    const diff = execFileSync("git", ["diff", "HEAD"], { encoding: "utf8", maxBuffer: 64 << 20 });
    return crypto.createHash("sha256").update(index).update(diff).digest("hex");
  } catch {
    return "no-git";
  }
}
const distDir = process.env.NEXT_DIST_DIR || ".next";
const stamp = path.join(distDir, "SNX_SOURCE_HASH");
const hash = sourceHash();
const built =
  fs.existsSync(path.join(distDir, "BUILD_ID")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash;
if (!built || hash === "no-git") {
  console.log("[up] building (about 90 s on 2 cores)…");
  run(npm, ["run", "build"], { NEXT_TELEMETRY_DISABLED: "1" });
  fs.writeFileSync(stamp, hash);
}

const port = process.env.PORT ?? "3000";
console.log(
  `[up] serving on http://localhost:${port} — the first start prints a setup link for the first administrator unless ADMIN_EMAIL and ADMIN_PASSWORD are set`,
);
const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", port], {
  stdio: "inherit",
  env: { NEXT_TELEMETRY_DISABLED: "1", APP_URL: `http://localhost:${port}`, ...process.env },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
