import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Docker from "dockerode";
import { IN_CI } from "./services";

// A Docker engine of the test's own (scripts/private-dockerd.sh): it can be stopped and started
// while every other test keeps the shared system engine. Runs as root with dockerd installed
// (scripts/services.sh installs docker.io); elsewhere the tests that need it are skipped.
const run = promisify(execFile);
const SCRIPT = path.resolve("scripts/private-dockerd.sh");

export type PrivateEngine = {
  dir: string;
  socket: string;
  dockerHost: string;
  docker: Docker;
  start(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
};

export async function privateEngine(): Promise<PrivateEngine | null> {
  // Short path: the engine's sockets live below it and unix socket paths are limited to 107 bytes.
  const dir = fs.mkdtempSync("/tmp/snx-pd-");
  const socket = path.join(dir, "docker.sock");
  const script = (cmd: string) => run("bash", [SCRIPT, cmd, dir], { timeout: 120_000 }).then(() => undefined);
  const engine: PrivateEngine = {
    dir,
    socket,
    dockerHost: `unix://${socket}`,
    docker: new Docker({ socketPath: socket }),
    start: () => script("start"),
    stop: () => script("stop"),
    destroy: () => script("destroy"),
  };
  try {
    await engine.start();
    return engine;
  } catch (err) {
    await engine.destroy().catch(() => undefined);
    const why = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
    if (IN_CI) throw new Error(`a private dockerd is required in CI (scripts/private-dockerd.sh): ${why}`);
    console.warn(`[tests] SKIPPED: no private dockerd here (${why}); engine fault tests do not run (outside CI only)`);
    return null;
  }
}
