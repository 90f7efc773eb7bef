import "server-only";
import fs from "node:fs";
import http from "node:http";

// Docker is reached only through its API; for a liveness answer `/_ping` is enough and needs no
// client library. DOCKER_HOST unix:// → socket path, tcp:// → plain HTTP (TLS endpoints are
// not probed: a tcp:// host with DOCKER_TLS_VERIFY is reported down with that reason).
export const DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock";

export type DockerEndpoint = { socketPath: string } | { host: string; port: number };

/** null when Docker is not configured: no DOCKER_HOST and no local socket. */
export function dockerEndpoint(dockerHost: string | undefined): DockerEndpoint | null {
  if (!dockerHost) return fs.existsSync(DEFAULT_DOCKER_SOCKET) ? { socketPath: DEFAULT_DOCKER_SOCKET } : null;
  const url = new URL(dockerHost);
  if (url.protocol === "unix:") return { socketPath: url.pathname };
  if (url.protocol === "tcp:" || url.protocol === "http:")
    return { host: url.hostname, port: Number(url.port || 2375) };
  throw new Error(`DOCKER_HOST scheme ${url.protocol} is not supported by the health check`);
}

export function pingDocker(endpoint: DockerEndpoint, signal: AbortSignal): Promise<void> {
  if ("host" in endpoint && process.env.DOCKER_TLS_VERIFY) {
    return Promise.reject(new Error("DOCKER_TLS_VERIFY is set: TLS Docker endpoints are not probed"));
  }
  return new Promise((resolve, reject) => {
    const req = http.get({ ...endpoint, path: "/_ping", signal }, (res) => {
      res.resume();
      if (res.statusCode === 200) resolve();
      else reject(new Error(`Docker /_ping answered HTTP ${res.statusCode}`));
    });
    req.once("error", reject);
  });
}
