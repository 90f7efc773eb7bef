import crypto from "node:crypto";
import Docker from "dockerode";
import { IN_CI } from "../support/services";
import { safeCreateContainer } from "@/lib/docker/safe-create";

// Real busybox containers for the services tests, each run with its own name prefix and removed
// afterwards. The image is made from Debian's busybox-static (see scripts/services.sh).
export const TEST_IMAGE = "local/busybox:1";
export const TICK = ["sh", "-c", "trap 'exit 0' TERM; while true; do echo tick; echo oops >&2; sleep 1; done"];

const raw = new Docker({ socketPath: "/var/run/docker.sock" });
export const rawDocker = raw;

/** Whether Docker (and the test image) can be used; throws in CI when not. */
export async function requireDocker(): Promise<boolean> {
  try {
    await raw.ping();
    await raw.getImage(TEST_IMAGE).inspect();
    return true;
  } catch (err) {
    if (IN_CI)
      throw new Error(
        `Docker with ${TEST_IMAGE} is required in CI (run scripts/services.sh): ${(err as Error).message}`,
      );
    console.warn(`[tests] SKIPPED: Docker or ${TEST_IMAGE} not available; services tests do not run (outside CI only)`);
    return false;
  }
}

export function runPrefix(): string {
  return `snxtest-${crypto.randomBytes(3).toString("hex")}-`;
}

/** Creates (through the product's safe-create) and optionally starts a ticking busybox. */
export async function createTicker(
  name: string,
  opts: { clientId: string | null; type?: string; start?: boolean; ports?: boolean },
) {
  const ref = await safeCreateContainer({
    clientId: opts.clientId,
    serviceType: opts.type ?? "website",
    spec: {
      name,
      Image: TEST_IMAGE,
      Cmd: TICK,
      ...(opts.ports ? { ExposedPorts: { "8080/tcp": {} } } : {}),
      HostConfig: opts.ports ? { PortBindings: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }] } } : {},
    },
  });
  if (opts.start !== false) await raw.getContainer(ref.containerId).start();
  return ref.containerId;
}

export async function removeByPrefix(prefix: string) {
  const list = await raw.listContainers({ all: true, filters: { name: [prefix] } });
  await Promise.all(
    list.map((c) =>
      raw
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

export async function stateOf(id: string) {
  return (await raw.getContainer(id).inspect()).State.Status;
}

/** Resolves once the container has printed `ticks` ticks (TICK prints one a second): a test that
 *  reads a log tail waits for the lines it reads, not a guessed time. */
export async function waitForTicks(id: string, ticks: number, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const logs = (await raw.getContainer(id).logs({ stdout: true, stderr: false, follow: false })) as unknown as Buffer;
    const seen = logs.toString("latin1").split("tick\n").length - 1;
    if (seen >= ticks) return;
    if (Date.now() > deadline) throw new Error(`container ${id}: ${seen} of ${ticks} ticks after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
