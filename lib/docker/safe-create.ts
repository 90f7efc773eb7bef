import "server-only";
import fs from "node:fs";
import path from "node:path";
import type Docker from "dockerode";
import { config } from "../config";
import { AppError } from "../errors";
import { docker, LOCAL_HOST, type ContainerRef, type HostName } from "./connection";
import { viaDocker } from "./errors";
import { LABEL_CLIENT, LABEL_MANAGED, LABEL_SERVICE_TYPE } from "./labels";

// The only way the product creates containers. A create request is a root shell on the host in
// disguise when it asks for privileges, host namespaces, devices or host paths, so only known
// options pass (an allowlist of HostConfig keys, each with its check), including the less obvious
// doors: HostConfig.Mounts of type bind (the Portainer bypass), local volumes whose driver options
// bind a host device path, namespaces joined from other containers, and no PidsLimit (a fork bomb).

export const CAP_ALLOWLIST = [
  "NET_BIND_SERVICE",
  "CHOWN",
  "SETUID",
  "SETGID",
  "DAC_OVERRIDE",
  "FOWNER",
  "KILL",
] as const;

export type CreateSpec = Docker.ContainerCreateOptions;
export type SafeCreateInput = { host?: HostName; spec: CreateSpec; clientId: string | null; serviceType: string };

const refuse = (field: string, reason: string): never => {
  throw new AppError("VALIDATION", `Refused container request: ${field} ${reason}`, { fields: { [field]: reason } });
};

/** A namespace mode that shares the host's or another container's namespace. */
const sharedNamespace = (mode: string | undefined) => !!mode && (mode === "host" || mode.startsWith("container:"));

/** Real path of `p`, or of its nearest existing ancestor joined with the rest (Docker creates a
 *  missing bind source, so a symlinked parent must be resolved too). */
function realish(p: string): string {
  let head = p;
  const rest: string[] = [];
  while (!fs.existsSync(head)) {
    const parent = path.dirname(head);
    if (parent === head) break;
    rest.unshift(path.basename(head));
    head = parent;
  }
  return path.join(fs.realpathSync(head), ...rest);
}

const within = (root: string, p: string) => {
  const rel = path.relative(root, p);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
};

/** Refuses a host path outside ALLOWED_BIND_ROOT, lexically and after following symlinks. */
export function checkBindSource(field: string, source: string, root = config().ALLOWED_BIND_ROOT): void {
  if (!path.isAbsolute(source)) refuse(field, `must be an absolute path under ${root}`);
  if (source.split(/[\\/]/).includes("..")) refuse(field, "must not contain '..'");
  const resolved = path.resolve(source);
  if (!within(root, resolved)) refuse(field, `is outside the allowed bind root ${root}`);
  const realRoot = fs.existsSync(root) ? fs.realpathSync(root) : root;
  if (!within(realRoot, realish(resolved)))
    refuse(field, `resolves (through a symlink) outside the allowed bind root ${root}`);
}

/** A value that asks for the engine's default. Not an empty list: `MaskedPaths: []` unmasks all. */
const unset = (v: unknown) => v === undefined || v === null || v === false || v === "";

/** Why a HostConfig key that is not on the allowlist is refused, for the keys a caller is most
 *  likely to try; any other unknown key is refused too, as "not an allowed HostConfig key". */
const REFUSED_BECAUSE: Record<string, string> = {
  Privileged: "is not allowed",
  Devices: "are not allowed (host devices)",
  DeviceRequests: "are not allowed (host devices)",
  DeviceCgroupRules: "are not allowed (host devices)",
  VolumesFrom: "is not allowed (it inherits another container's mounts)",
  Sysctls: "are not allowed (kernel parameters)",
  Runtime: "is not allowed (only the engine's default runtime)",
  CgroupParent: "is not allowed (it moves the container out of the engine's cgroup)",
  Cgroup: "is not allowed (another container's cgroup)",
  Links: "are not allowed (use a network)",
  MaskedPaths: "are not allowed (they unmask /proc and /sys paths)",
  ReadonlyPaths: "are not allowed (they make /proc and /sys paths writable)",
  OomKillDisable: "is not allowed (the host would run out of memory first)",
  OomScoreAdj: "is not allowed",
  GroupAdd: "is not allowed",
  LogConfig: "is not allowed (logs stay with the engine's default driver)",
  StorageOpt: "is not allowed",
  VolumeDriver: "is not allowed",
  ContainerIDFile: "is not allowed (a path on the host)",
  Isolation: "is not allowed",
};

export const DEFAULT_PIDS_LIMIT = 1024;
export const MAX_PIDS_LIMIT = 4096;

const ok = () => undefined;
const notShared = (key: string) => (v: unknown) => {
  if (sharedNamespace(v as string))
    refuse(`HostConfig.${key}`, "must not share the host's or another container's namespace");
};

/** The HostConfig keys a created container may set, each with its own check. Anything else is
 *  refused: a new engine option is closed until someone decides it is safe (ADR 007, 026). */
const HOST_CONFIG: Record<string, (value: never, root: string) => void> = {
  // namespaces: private only
  NetworkMode: notShared("NetworkMode"),
  PidMode: notShared("PidMode"),
  IpcMode: notShared("IpcMode"),
  UTSMode: notShared("UTSMode"),
  UsernsMode: notShared("UsernsMode"),
  CgroupnsMode: notShared("CgroupnsMode"),
  CapAdd: (caps: string[]) => {
    for (const cap of caps) {
      const name = cap.toUpperCase().replace(/^CAP_/, "");
      if (!(CAP_ALLOWLIST as readonly string[]).includes(name))
        refuse("HostConfig.CapAdd", `${cap} is not in the allowlist (${CAP_ALLOWLIST.join(", ")})`);
    }
  },
  CapDrop: ok,
  SecurityOpt: (opts: string[]) => {
    // Only turning more protection on; seccomp/apparmor/label options can only loosen the defaults here.
    for (const opt of opts)
      if (!/^no-new-privileges([:=]true)?$/.test(opt))
        refuse("HostConfig.SecurityOpt", `${opt} is not allowed (only no-new-privileges)`);
  },
  Binds: (binds: string[], root) => {
    for (const bind of binds) {
      const source = bind.split(":")[0] ?? "";
      // "name:/dst" is a named volume; a source with a slash is a host path.
      if (source.includes("/") || source.includes("\\") || source === "." || source === "..")
        checkBindSource("HostConfig.Binds", source, root);
    }
  },
  Mounts: (mounts: NonNullable<Docker.HostConfig["Mounts"]>, root) => {
    for (const m of mounts) {
      if (m.Type === "bind") checkBindSource("HostConfig.Mounts", m.Source, root);
      else if (m.Type === "volume") {
        const opts = m.VolumeOptions?.DriverConfig?.Options ?? {};
        if (opts.device || /bind/.test(opts.o ?? ""))
          refuse("HostConfig.Mounts", "volume driver options must not bind a host device or path");
      } else if (m.Type !== "tmpfs") refuse("HostConfig.Mounts", `type ${m.Type} is not allowed`);
    }
  },
  Tmpfs: ok,
  PidsLimit: (n: number) => {
    if (!Number.isInteger(n) || n < 1 || n > MAX_PIDS_LIMIT)
      refuse("HostConfig.PidsLimit", `must be a whole number from 1 to ${MAX_PIDS_LIMIT} (unlimited is not allowed)`);
  },
  // resources, restart, ports, DNS: the container's own business
  Memory: ok,
  MemoryReservation: ok,
  MemorySwap: ok,
  NanoCpus: ok,
  CpuShares: ok,
  CpuPeriod: ok,
  CpuQuota: ok,
  CpusetCpus: ok,
  CpusetMems: ok,
  BlkioWeight: ok,
  ShmSize: ok,
  Ulimits: ok,
  RestartPolicy: ok,
  AutoRemove: ok,
  Init: ok,
  ReadonlyRootfs: ok,
  PortBindings: ok,
  PublishAllPorts: ok,
  ExtraHosts: ok,
  Dns: ok,
  DnsOptions: ok,
  DnsSearch: ok,
};

/** Top-level keys of a create request; HostConfig and NetworkingConfig are checked on their own. */
const TOP_LEVEL = new Set([
  "name",
  "Hostname",
  "Domainname",
  "User",
  "AttachStdin",
  "AttachStdout",
  "AttachStderr",
  "Tty",
  "OpenStdin",
  "StdinOnce",
  "Env",
  "Cmd",
  "Entrypoint",
  "Image",
  "Labels",
  "Volumes",
  "WorkingDir",
  "NetworkDisabled",
  "ExposedPorts",
  "StopSignal",
  "StopTimeout",
  "Healthcheck",
  "HostConfig",
  "NetworkingConfig",
]);

/**
 * Throws VALIDATION naming the first refused field; returns the spec as it will be sent (with a
 * bounded PidsLimit when none was given). Allowlist, not denylist: unknown keys are refused.
 */
export function checkCreateSpec(spec: CreateSpec, root = config().ALLOWED_BIND_ROOT): CreateSpec {
  for (const [key, value] of Object.entries(spec)) {
    if (!TOP_LEVEL.has(key) && !unset(value)) refuse(key, "is not an allowed container option");
  }
  const hc = (spec.HostConfig ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(hc)) {
    const check = HOST_CONFIG[key];
    if (check) {
      if (value !== undefined && value !== null) check(value as never, root);
    } else if (!unset(value)) {
      refuse(`HostConfig.${key}`, REFUSED_BECAUSE[key] ?? "is not an allowed HostConfig key");
    }
  }
  for (const network of Object.keys(spec.NetworkingConfig?.EndpointsConfig ?? {})) {
    if (sharedNamespace(network))
      refuse(
        "NetworkingConfig.EndpointsConfig",
        `${network} is not allowed (the host's or another container's network)`,
      );
  }
  return { ...spec, HostConfig: { ...spec.HostConfig, PidsLimit: spec.HostConfig?.PidsLimit ?? DEFAULT_PIDS_LIMIT } };
}

/** Checks the spec, stamps the product's labels and creates the container. Returns its reference. */
export async function safeCreateContainer({
  host = LOCAL_HOST,
  spec: requested,
  clientId,
  serviceType,
}: SafeCreateInput): Promise<ContainerRef> {
  const spec = checkCreateSpec(requested);
  // securenexus.managed=true is what makes a container controllable by non-SUPER_ADMIN roles
  // (lib/services/container-access.ts): only this function sets it.
  const Labels = {
    ...(spec.Labels ?? {}),
    [LABEL_MANAGED]: "true",
    [LABEL_CLIENT]: clientId ?? "system",
    [LABEL_SERVICE_TYPE]: serviceType,
  };
  const container = await viaDocker("create container", () => docker(host).createContainer({ ...spec, Labels }));
  return { host, containerId: container.id };
}
