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
// disguise when it asks for privileges, host namespaces, devices or host paths, so every such
// request is refused here, including the less obvious doors: HostConfig.Mounts of type bind
// (the Portainer bypass), local volumes whose driver options bind a host device path,
// VolumesFrom (inherits another container's binds) and namespaces joined from other containers.

export const CAP_ALLOWLIST = ["NET_BIND_SERVICE", "CHOWN", "SETUID", "SETGID", "DAC_OVERRIDE", "FOWNER", "KILL"] as const;

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
  if (!within(realRoot, realish(resolved))) refuse(field, `resolves (through a symlink) outside the allowed bind root ${root}`);
}

/** Throws VALIDATION naming the first refused field; returns nothing when the spec is safe. */
export function checkCreateSpec(spec: CreateSpec, root = config().ALLOWED_BIND_ROOT): void {
  const hc = spec.HostConfig ?? {};
  if (hc.Privileged) refuse("HostConfig.Privileged", "is not allowed");
  for (const key of ["NetworkMode", "PidMode", "IpcMode", "UTSMode", "UsernsMode", "CgroupnsMode"] as const) {
    if (sharedNamespace((hc as Record<string, string | undefined>)[key])) refuse(`HostConfig.${key}`, "must not share the host's or another container's namespace");
  }
  for (const cap of hc.CapAdd ?? []) {
    const name = cap.toUpperCase().replace(/^CAP_/, "");
    if (!(CAP_ALLOWLIST as readonly string[]).includes(name)) refuse("HostConfig.CapAdd", `${cap} is not in the allowlist (${CAP_ALLOWLIST.join(", ")})`);
  }
  if (hc.Devices?.length) refuse("HostConfig.Devices", "are not allowed");
  if (hc.DeviceRequests?.length) refuse("HostConfig.DeviceRequests", "are not allowed");
  if (hc.DeviceCgroupRules?.length) refuse("HostConfig.DeviceCgroupRules", "are not allowed");
  if (hc.VolumesFrom?.length) refuse("HostConfig.VolumesFrom", "is not allowed (it inherits another container's mounts)");
  for (const opt of hc.SecurityOpt ?? []) {
    if (/unconfined/i.test(opt) || /^label[=:]disable$/i.test(opt)) refuse("HostConfig.SecurityOpt", `${opt} is not allowed`);
  }
  for (const bind of hc.Binds ?? []) {
    const source = bind.split(":")[0] ?? "";
    // "name:/dst" is a named volume; a source with a slash is a host path.
    if (source.includes("/") || source.includes("\\") || source === "." || source === "..") checkBindSource("HostConfig.Binds", source, root);
  }
  for (const m of hc.Mounts ?? []) {
    if (m.Type === "bind") checkBindSource("HostConfig.Mounts", m.Source, root);
    else if (m.Type === "volume") {
      const opts = m.VolumeOptions?.DriverConfig?.Options ?? {};
      if (opts.device || /bind/.test(opts.o ?? "")) refuse("HostConfig.Mounts", "volume driver options must not bind a host device or path");
    } else if (m.Type !== "tmpfs") refuse("HostConfig.Mounts", `type ${m.Type} is not allowed`);
  }
}

/** Checks the spec, stamps the product's labels and creates the container. Returns its reference. */
export async function safeCreateContainer({ host = LOCAL_HOST, spec, clientId, serviceType }: SafeCreateInput): Promise<ContainerRef> {
  checkCreateSpec(spec);
  const Labels = { ...(spec.Labels ?? {}), [LABEL_MANAGED]: "true", [LABEL_CLIENT]: clientId ?? "system", [LABEL_SERVICE_TYPE]: serviceType };
  const container = await viaDocker("create container", () => docker(host).createContainer({ ...spec, Labels }));
  return { host, containerId: container.id };
}
