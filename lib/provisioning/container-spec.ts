import type Docker from "dockerode";
import { expand } from "./templates";
import type { PlannedService } from "./plan";

// A container request from a template: no published host ports (Traefik reaches the service on
// the client's network), named volumes only, memory and CPU limits, restart unless stopped.
// safeCreateContainer checks it again and stamps the product's labels.

export function containerSpec(
  s: PlannedService,
  o: {
    clientId: string;
    domain: string;
    network: string;
    secrets: Record<string, string>;
    labels: Record<string, string>;
  },
): Docker.ContainerCreateOptions {
  const t = s.template;
  const values = {
    secrets: o.secrets,
    domain: o.domain,
    host: s.host ?? o.domain,
    client: o.clientId,
    service: s.name,
  };
  const x = (text: string) => expand(text, values);
  const ns = (seconds: number) => seconds * 1_000_000_000;
  return {
    name: s.name,
    Image: t.image,
    ...(t.command ? { Cmd: t.command.map(x) } : {}),
    Env: Object.entries(t.env).map(([k, v]) => `${k}=${x(v)}`),
    Labels: { ...Object.fromEntries(Object.entries(t.labels).map(([k, v]) => [k, x(v)])), ...o.labels },
    ExposedPorts: Object.fromEntries(t.ports.map((p) => [`${p.container}/${p.protocol}`, {}])),
    ...(t.stopSignal ? { StopSignal: t.stopSignal } : {}),
    ...(t.healthcheck
      ? {
          Healthcheck: {
            Test: t.healthcheck.test,
            Interval: ns(t.healthcheck.intervalSeconds),
            Timeout: ns(t.healthcheck.timeoutSeconds),
            Retries: t.healthcheck.retries,
            StartPeriod: ns(t.healthcheck.startPeriodSeconds),
          },
        }
      : {}),
    HostConfig: {
      NetworkMode: o.network,
      Mounts: s.volumes.map((v) => ({ Type: "volume" as const, Source: v.name, Target: v.target })),
      Memory: t.resources.memoryMb * 1024 * 1024,
      NanoCpus: Math.round(t.resources.cpus * 1_000_000_000),
      RestartPolicy: { Name: "unless-stopped" },
    },
    NetworkingConfig: { EndpointsConfig: { [o.network]: { Aliases: [t.name] } } },
  };
}

/** Traefik's labels for a public HTTP service: router on the host name, TLS from the
 *  certresolver (certificates are requested by Traefik), the network to reach it on. */
export function traefikLabels(s: PlannedService, o: { network: string; certResolver: string }): Record<string, string> {
  if (!s.host || s.template.httpPort === null) return {};
  const r = s.name;
  return {
    "traefik.enable": "true",
    [`traefik.http.routers.${r}.rule`]: `Host(\`${s.host}\`)`,
    [`traefik.http.routers.${r}.entrypoints`]: "websecure",
    [`traefik.http.routers.${r}.tls`]: "true",
    [`traefik.http.routers.${r}.tls.certresolver`]: o.certResolver,
    [`traefik.http.services.${r}.loadbalancer.server.port`]: String(s.template.httpPort),
    "traefik.docker.network": o.network,
  };
}
