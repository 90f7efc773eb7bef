import "server-only";
import fs from "node:fs";
import path from "node:path";
import Docker from "dockerode";
import { config } from "../config";

// The one way to reach a Docker engine: dockerode, never a shell. Every container reference is
// a (host, containerId) pair; today there is one host, "local", configured by DOCKER_HOST, so
// more hosts can be added later by naming them here without changing any caller.
export type HostName = "local";
export const LOCAL_HOST: HostName = "local";
export type ContainerRef = { host: HostName; containerId: string };

export const DEFAULT_SOCKET = "/var/run/docker.sock";

/** dockerode options for a DOCKER_HOST value: unix socket (default), tcp:// (a socket proxy),
 *  or TLS when DOCKER_CERT_PATH holds ca.pem, cert.pem and key.pem (the docker CLI layout). */
export function dockerOptions(dockerHost: string | undefined, certPath: string | undefined): Docker.DockerOptions {
  if (!dockerHost) return { socketPath: DEFAULT_SOCKET };
  const url = new URL(dockerHost);
  if (url.protocol === "unix:") return { socketPath: url.pathname };
  if (url.protocol !== "tcp:" && url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`DOCKER_HOST: scheme ${url.protocol} is not supported (use unix://, tcp:// or https://)`);
  }
  const tls = Boolean(certPath) || url.protocol === "https:";
  const opts: Docker.DockerOptions = {
    host: url.hostname,
    port: Number(url.port || (tls ? 2376 : 2375)),
    protocol: tls ? "https" : "http",
  };
  if (certPath) {
    const read = (f: string) => fs.readFileSync(path.join(certPath, f));
    Object.assign(opts, { ca: read("ca.pem"), cert: read("cert.pem"), key: read("key.pem") });
  }
  return opts;
}

const g = globalThis as { __snxDocker?: Map<HostName, Docker> };

/** The dockerode client of a host, created once per process (Next bundles route handlers
 *  separately, so the cache lives on globalThis). */
export function docker(host: HostName = LOCAL_HOST): Docker {
  g.__snxDocker ??= new Map();
  let client = g.__snxDocker.get(host);
  if (!client) {
    const c = config();
    client = new Docker(dockerOptions(c.DOCKER_HOST, c.DOCKER_CERT_PATH));
    g.__snxDocker.set(host, client);
  }
  return client;
}

/** Whether Docker is configured at all: DOCKER_HOST set, or the local socket exists (the
 *  embedded default). Not configured is not an outage. */
export function dockerConfigured(): boolean {
  return Boolean(config().DOCKER_HOST) || fs.existsSync(DEFAULT_SOCKET);
}

/** The hosts the product manages (one for now). */
export function dockerHosts(): HostName[] {
  return [LOCAL_HOST];
}

/** Container ids and names as Docker accepts them; anything else (slashes, dots-only…) never
 *  reaches the API path. */
const CONTAINER_ID = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
export function isContainerId(id: string): boolean {
  return CONTAINER_ID.test(id);
}
