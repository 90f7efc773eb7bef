import "server-only";
import type Docker from "dockerode";
import { docker, isContainerId, type ContainerRef, type HostName } from "./connection";
import { viaDocker } from "./errors";
import { decodeFrames } from "./frames";
import { LABEL_CLIENT } from "./labels";

// Thin engine calls on (host, containerId) references. No business rules here: scope and
// permissions live in lib/services.

export type ContainerSummary = Docker.ContainerInfo & { host: HostName };

/** Every container of a host, or only those labelled with one of `clientIds` (one list call per
 *  client: Docker ANDs label filters, so "any of these clients" needs separate calls). */
export async function listContainers(host: HostName, clientIds: string[] | "all"): Promise<ContainerSummary[]> {
  const d = docker(host);
  const lists =
    clientIds === "all"
      ? [await viaDocker("list containers", () => d.listContainers({ all: true }))]
      : await Promise.all(
          clientIds.map((id) =>
            viaDocker("list containers", () =>
              d.listContainers({ all: true, filters: { label: [`${LABEL_CLIENT}=${id}`] } }),
            ),
          ),
        );
  const seen = new Map<string, ContainerSummary>();
  for (const c of lists.flat()) seen.set(c.Id, { ...c, host });
  return [...seen.values()];
}

export async function inspectContainer(ref: ContainerRef): Promise<Docker.ContainerInspectInfo | null> {
  if (!isContainerId(ref.containerId)) return null;
  try {
    return await viaDocker("inspect container", () => docker(ref.host).getContainer(ref.containerId).inspect());
  } catch (err) {
    if ((err as { code?: string }).code === "NOT_FOUND") return null;
    throw err;
  }
}

/** start/stop/restart; an already-started or already-stopped container (HTTP 304) is success. */
export async function controlContainer(
  ref: ContainerRef,
  action: "start" | "stop" | "restart",
  timeoutSeconds: number,
): Promise<void> {
  const c = docker(ref.host).getContainer(ref.containerId);
  await viaDocker(`${action} service`, async () => {
    try {
      if (action === "start") await c.start();
      else if (action === "stop") await c.stop({ t: timeoutSeconds });
      else await c.restart({ t: timeoutSeconds });
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 304) throw err;
    }
  });
}

/** Removes a container, running or not; its named volumes stay (data is kept until a purge).
 *  An already-removed container (HTTP 404) is success, so a retried clean-up simply continues. */
export async function removeContainer(ref: ContainerRef): Promise<void> {
  await viaDocker("remove service", async () => {
    try {
      await docker(ref.host).getContainer(ref.containerId).remove({ force: true, v: false });
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
  });
}

/** The last `tail` lines of stdout and stderr, stderr lines marked "[stderr] ". */
export async function containerLogsTail(ref: ContainerRef, tail: number, tty: boolean): Promise<string> {
  const buf = await viaDocker("read logs", () =>
    docker(ref.host).getContainer(ref.containerId).logs({ stdout: true, stderr: true, tail, follow: false }),
  );
  return tty ? buf.toString("utf8") : demux(buf);
}

/** A multiplexed log buffer as text, stderr lines marked "[stderr] ". */
export function demux(buf: Buffer): string {
  return decodeFrames(buf)
    .map(({ stream, payload }) =>
      stream === "stderr" ? payload.toString("utf8").replace(/^(?=.)/gm, "[stderr] ") : payload.toString("utf8"),
    )
    .join("");
}
