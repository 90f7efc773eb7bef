import "server-only";
import { docker, type HostName } from "./connection";
import { viaDocker } from "./errors";
import { LABEL_MANAGED } from "./labels";

// Images, networks and volumes of a host: engine calls only, no rules (lib/services/resources
// decides who may and what is refused).

export type ImageRow = { host: HostName; id: string; tags: string[]; size: number; created: Date };
export type NetworkRow = {
  host: HostName;
  id: string;
  name: string;
  driver: string;
  internal: boolean;
  containers: string[];
  created: Date | null;
};
export type VolumeRow = {
  host: HostName;
  name: string;
  driver: string;
  mountpoint: string;
  created: Date | null;
  usedBy: string[];
};
export type PullProgress = { status: string; layer: string | null; current: number | null; total: number | null };

export async function listImages(host: HostName): Promise<ImageRow[]> {
  const list = await viaDocker("list images", () => docker(host).listImages());
  return list.map((i) => ({
    host,
    id: i.Id,
    tags: (i.RepoTags ?? []).filter((t) => t !== "<none>:<none>"),
    size: i.Size,
    created: new Date(i.Created * 1000),
  }));
}

export async function pruneDanglingImages(host: HostName): Promise<{ deleted: string[]; spaceReclaimed: number }> {
  const r = await viaDocker("prune images", () => docker(host).pruneImages({ filters: { dangling: ["true"] } }));
  return {
    deleted: (r.ImagesDeleted ?? []).map((d) => d.Deleted ?? d.Untagged ?? "").filter(Boolean),
    spaceReclaimed: r.SpaceReclaimed ?? 0,
  };
}

/** Pulls an image, yielding the engine's progress lines; an error line ends it with that error. */
export async function* pullImage(
  host: HostName,
  reference: string,
  signal?: AbortSignal,
): AsyncGenerator<PullProgress> {
  const stream = (await viaDocker("pull image", () =>
    docker(host).pull(reference, { abortSignal: signal }),
  )) as NodeJS.ReadableStream;
  let buffered = "";
  for await (const chunk of stream) {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.trim()) continue;
      const p = JSON.parse(line) as {
        status?: string;
        id?: string;
        error?: string;
        progressDetail?: { current?: number; total?: number };
      };
      if (p.error) throw Object.assign(new Error(p.error), { statusCode: 500 });
      yield {
        status: p.status ?? "",
        layer: p.id ?? null,
        current: p.progressDetail?.current ?? null,
        total: p.progressDetail?.total ?? null,
      };
    }
  }
}

export async function listNetworks(host: HostName): Promise<NetworkRow[]> {
  const list = await viaDocker("list networks", () => docker(host).listNetworks());
  // The list call leaves Containers empty: inspect each for what is attached.
  return Promise.all(
    list.map(async (n) => {
      const i = (await viaDocker("inspect network", () => docker(host).getNetwork(n.Id).inspect())) as {
        Containers?: Record<string, { Name?: string }>;
      };
      return {
        host,
        id: n.Id,
        name: n.Name,
        driver: n.Driver,
        internal: Boolean(n.Internal),
        containers: Object.values(i.Containers ?? {}).map((c) => c.Name ?? "?"),
        created: n.Created ? new Date(n.Created) : null,
      };
    }),
  );
}

export async function createNetwork(host: HostName, name: string, internal: boolean): Promise<string> {
  const n = await viaDocker("create network", () =>
    docker(host).createNetwork({
      Name: name,
      Driver: "bridge",
      Internal: internal,
      CheckDuplicate: true,
      Labels: { [LABEL_MANAGED]: "true" },
    }),
  );
  return n.id;
}

export async function removeNetwork(host: HostName, idOrName: string) {
  await viaDocker("remove network", () => docker(host).getNetwork(idOrName).remove());
}

export async function listVolumes(host: HostName): Promise<VolumeRow[]> {
  const [r, containers] = await Promise.all([
    viaDocker("list volumes", () => docker(host).listVolumes()),
    viaDocker("list containers", () => docker(host).listContainers({ all: true })),
  ]);
  return (r.Volumes ?? []).map((v) => ({
    host,
    name: v.Name,
    driver: v.Driver,
    mountpoint: v.Mountpoint,
    created: (v as { CreatedAt?: string }).CreatedAt ? new Date((v as { CreatedAt?: string }).CreatedAt!) : null,
    usedBy: containers
      .filter((c) => c.Mounts?.some((m) => m.Type === "volume" && m.Name === v.Name))
      .map((c) => (c.Names?.[0] ?? c.Id).replace(/^\//, "")),
  }));
}

export async function createVolume(host: HostName, name: string): Promise<void> {
  // The local driver with no options: driver options could bind a host path (see safe-create).
  await viaDocker("create volume", () =>
    docker(host).createVolume({ Name: name, Driver: "local", Labels: { [LABEL_MANAGED]: "true" } }),
  );
}

export async function removeVolume(host: HostName, name: string) {
  await viaDocker("remove volume", () => docker(host).getVolume(name).remove());
}
