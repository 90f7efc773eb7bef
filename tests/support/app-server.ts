import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { IN_CI } from "./services";

// Starts the production build (`next build` output in NEXT_DIST_DIR or .next) as a real server.
export function buildExists(): boolean {
  const dir = process.env.NEXT_DIST_DIR || ".next";
  const ok = fs.existsSync(path.join(dir, "BUILD_ID"));
  if (!ok && IN_CI)
    throw new Error(`no production build in ${dir}: scripts/test.sh builds before the integration tests`);
  if (!ok)
    console.warn(`[tests] SKIPPED: no production build in ${dir} (run npm run build); multi-instance tests do not run`);
  return ok;
}

export type AppServer = { url: string; process: ChildProcess; output: () => string; stop: () => Promise<void> };

export async function startAppServer(port: number, env: Record<string, string>): Promise<AppServer> {
  const url = `http://localhost:${port}`;
  let out = "";
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: { ...process.env, NODE_ENV: "production", APP_URL: url, NEXTAUTH_URL: url, JOBS_ENABLED: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (b) => (out += b));
  child.stderr!.on("data", (b) => (out += b));
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  };
  return { url, process: child, output: () => out, stop };
}

export async function waitHealthy(server: AppServer, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.process.exitCode !== null) throw new Error(`server exited: ${server.output()}`);
    try {
      const res = await fetch(`${server.url}/health`);
      if (res.status < 500) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server at ${server.url} not healthy in time:\n${server.output()}`);
}
