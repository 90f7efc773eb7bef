import "server-only";
import type Docker from "dockerode";
import type { HostName } from "../docker/connection";
import type { ContainerSummary } from "../docker/containers";
import { clientOfLabels } from "../docker/labels";
import { cachedUsage, type ResourceUsage } from "../docker/stats-sampler";
import { exitCodeOfStatusText, statusOf, type ServiceStatus } from "../docker/status";
import { serviceTypeOf, type ServiceType } from "./service-type";

// The seed's Service, built from a Docker list summary or an inspect result. id = container id.
export const HEALTH_STATES = ["NONE", "STARTING", "HEALTHY", "UNHEALTHY"] as const;
export type HealthState = (typeof HEALTH_STATES)[number];
export type Health = { status: HealthState; failingStreak: number; lastOutput: string | null; checkedAt: Date | null };
export type Port = { privatePort: number; publicPort: number | null; protocol: string; ip: string | null };

export type Service = {
  id: string;
  host: HostName;
  name: string;
  type: ServiceType;
  status: ServiceStatus;
  state: string;
  image: string;
  created: Date;
  ports: Port[];
  clientId: string | null;
  labels: Record<string, string>;
  resourceUsage: ResourceUsage;
  health: Health;
};

const NO_HEALTH: Health = { status: "NONE", failingStreak: 0, lastOutput: null, checkedAt: null };

export function healthOf(
  h: { Status?: string; FailingStreak?: number; Log?: { End?: string; Output?: string }[] } | undefined,
): Health {
  if (!h?.Status || h.Status === "none") return NO_HEALTH;
  const last = h.Log?.at(-1);
  const status =
    ({ starting: "STARTING", healthy: "HEALTHY", unhealthy: "UNHEALTHY" } as const)[h.Status as "starting"] ?? "NONE";
  return {
    status,
    failingStreak: h.FailingStreak ?? 0,
    lastOutput: last?.Output?.trim().slice(0, 2000) ?? null,
    checkedAt: last?.End ? new Date(last.End) : null,
  };
}

/** Whether a list summary says the container has a healthcheck (its details need an inspect). */
export const hasHealthcheck = (c: ContainerSummary) => /\((healthy|unhealthy|health: starting)\)/.test(c.Status ?? "");

export function serviceFromSummary(c: ContainerSummary, health: Health = NO_HEALTH): Service {
  const ports = new Map<string, Port>();
  for (const p of c.Ports ?? []) {
    // IPv4 and IPv6 bindings of one port are one port to a user.
    const k = `${p.PrivatePort}/${p.Type}/${p.PublicPort ?? ""}`;
    if (!ports.has(k))
      ports.set(k, {
        privatePort: p.PrivatePort,
        publicPort: p.PublicPort ?? null,
        protocol: p.Type,
        ip: p.IP ?? null,
      });
  }
  return {
    id: c.Id,
    host: c.host,
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ""),
    type: serviceTypeOf(c.Labels, c.Image),
    status: statusOf(c.State, exitCodeOfStatusText(c.Status)),
    state: c.State,
    image: c.Image,
    created: new Date(c.Created * 1000),
    ports: [...ports.values()],
    clientId: clientOfLabels(c.Labels),
    labels: c.Labels ?? {},
    resourceUsage: cachedUsage({ host: c.host, containerId: c.Id }),
    health,
  };
}

export function serviceFromInspect(host: HostName, i: Docker.ContainerInspectInfo): Service {
  const ports: Port[] = [];
  // A stopped container has no live port map: show what it is configured to publish.
  const live = i.State.Running ? i.NetworkSettings?.Ports : undefined;
  const configured = Object.fromEntries(
    Object.keys(i.Config?.ExposedPorts ?? {}).map((k) => [k, i.HostConfig?.PortBindings?.[k] ?? null]),
  );
  for (const [spec, bindings] of Object.entries(live ?? configured) as [
    string,
    { HostIp: string; HostPort: string }[] | null,
  ][]) {
    const [privatePort, protocol] = spec.split("/");
    const seen = new Set<string>();
    for (const b of bindings ?? [{ HostIp: "", HostPort: "" }]) {
      if (seen.has(b.HostPort)) continue;
      seen.add(b.HostPort);
      // An unbound or "any port" binding (HostPort "") has no public port to show.
      ports.push({
        privatePort: Number(privatePort),
        publicPort: b.HostPort ? Number(b.HostPort) : null,
        protocol: protocol ?? "tcp",
        ip: b.HostIp || null,
      });
    }
  }
  const labels = i.Config?.Labels ?? {};
  return {
    id: i.Id,
    host,
    name: i.Name.replace(/^\//, ""),
    type: serviceTypeOf(labels, i.Config?.Image ?? ""),
    status: statusOf(i.State.Status, i.State.ExitCode ?? null, i.State.OOMKilled),
    state: i.State.Status,
    image: i.Config?.Image ?? i.Image,
    created: new Date(i.Created),
    ports,
    clientId: clientOfLabels(labels),
    labels,
    resourceUsage: cachedUsage({ host, containerId: i.Id }),
    health: healthOf(i.State.Health),
  };
}
