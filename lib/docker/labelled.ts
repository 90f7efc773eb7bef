import "server-only";
import type Docker from "dockerode";
import { docker, type HostName } from "./connection";
import { dockerError, viaDocker } from "./errors";

// Networks, volumes and containers found and removed by label, created with labels: the engine
// calls provisioning needs to be idempotent. No rules here (lib/provisioning decides).

const status = (err: unknown) => (err as { statusCode?: number }).statusCode;
const gone = (err: unknown) => status(err) === 404;

/** Labels of a network, volume or container by name; null when none has that name. */
export async function labelsOf(
  host: HostName,
  kind: "network" | "volume" | "container",
  name: string,
): Promise<Record<string, string> | null> {
  const d = docker(host);
  try {
    if (kind === "network")
      return ((await d.getNetwork(name).inspect()) as { Labels?: Record<string, string> }).Labels ?? {};
    if (kind === "volume") return (await d.getVolume(name).inspect()).Labels ?? {};
    return (await d.getContainer(name).inspect()).Config.Labels ?? {};
  } catch (err) {
    if (gone(err)) return null;
    throw dockerError(err, `inspect ${kind}`);
  }
}

export async function createLabelledNetwork(
  host: HostName,
  name: string,
  labels: Record<string, string>,
): Promise<void> {
  await viaDocker("create network", () =>
    docker(host).createNetwork({ Name: name, Driver: "bridge", CheckDuplicate: true, Labels: labels }),
  );
}

/** The local driver with no options: driver options could bind a host path (see safe-create). */
export async function createLabelledVolume(
  host: HostName,
  name: string,
  labels: Record<string, string>,
): Promise<void> {
  await viaDocker("create volume", () => docker(host).createVolume({ Name: name, Driver: "local", Labels: labels }));
}

/** Everything of one kind carrying all these labels (Docker ANDs label filters). */
export async function listLabelled(
  host: HostName,
  kind: "network" | "volume" | "container",
  labels: Record<string, string>,
): Promise<{ id: string; name: string }[]> {
  const filters = { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
  const d = docker(host);
  if (kind === "network")
    return (await viaDocker("list networks", () => d.listNetworks({ filters }))).map((n) => ({
      id: n.Id,
      name: n.Name,
    }));
  if (kind === "volume")
    return ((await viaDocker("list volumes", () => d.listVolumes({ filters }))).Volumes ?? []).map((v) => ({
      id: v.Name,
      name: v.Name,
    }));
  return (await viaDocker("list containers", () => d.listContainers({ all: true, filters }))).map(
    (c: Docker.ContainerInfo) => ({ id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, "") }),
  );
}

/** Removes one; already gone is success. Containers are killed and removed with their anonymous volumes. */
export async function removeLabelled(
  host: HostName,
  kind: "network" | "volume" | "container",
  id: string,
): Promise<void> {
  const d = docker(host);
  await viaDocker(`remove ${kind}`, async () => {
    try {
      if (kind === "network") await d.getNetwork(id).remove();
      else if (kind === "volume") await d.getVolume(id).remove();
      else await d.getContainer(id).remove({ force: true, v: true });
    } catch (err) {
      if (!gone(err)) throw err;
    }
  });
}
