import "server-only";
import { events } from "../events";
import { docker, dockerHosts, type HostName } from "./connection";
import { clientOfLabels } from "./labels";
import { exitCodeOfStatusText, statusOf, type ServiceStatus } from "./status";

// One Docker event stream per host, turned into `service.status` events on the bus. When the
// engine goes away (restart, socket proxy reconnect) the stream reconnects with exponential
// backoff and then resynchronises: it lists the containers and publishes every status that
// changed while it was away, so live views need no reload.

type Stream = {
  host: HostName;
  known: Map<string, ServiceStatus>;
  attempt: number;
  connected: boolean;
  stopped: boolean;
  current: NodeJS.ReadableStream | null;
  timer: NodeJS.Timeout | null;
};
const g = globalThis as { __snxDockerEvents?: Map<HostName, Stream> };
const streams = () => (g.__snxDockerEvents ??= new Map());

export const BACKOFF_START_MS = 500;
export const BACKOFF_MAX_MS = 30_000;
export const backoffMs = (attempt: number) => Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** attempt);

type DockerEvent = {
  Type?: string;
  Action?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
};

/** The status a container event implies, or null for events that change none (exec, attach…). */
export function statusOfEvent(e: DockerEvent): ServiceStatus | null {
  const action = e.Action ?? "";
  if (action === "start" || action === "unpause" || action === "restart" || action.startsWith("health_status"))
    return "RUNNING";
  if (action === "die") {
    const code = Number(e.Actor?.Attributes?.exitCode ?? "0");
    return statusOf("exited", Number.isFinite(code) ? code : null, e.Actor?.Attributes?.oomKilled === "true");
  }
  if (action === "pause") return "STOPPED";
  return null;
}

async function publish(serviceId: string, clientId: string | null, status: ServiceStatus) {
  await events()
    .publish("service.status", { serviceId, clientId, status })
    .catch((err) => console.error("[docker-events] not published:", (err as Error).message));
}

/** Lists the host's containers; with `announce`, publishes every status that differs from the
 *  last one seen (what happened while the stream was down). */
async function resync(s: Stream, announce: boolean) {
  const list = await docker(s.host).listContainers({ all: true });
  const seen = new Set<string>();
  for (const c of list) {
    seen.add(c.Id);
    const status = statusOf(c.State, exitCodeOfStatusText(c.Status));
    if (announce && s.known.get(c.Id) !== status) await publish(c.Id, clientOfLabels(c.Labels), status);
    s.known.set(c.Id, status);
  }
  for (const id of [...s.known.keys()]) if (!seen.has(id)) s.known.delete(id);
}

function scheduleReconnect(s: Stream) {
  if (s.stopped || s.timer) return;
  s.connected = false;
  s.current = null;
  const delay = backoffMs(s.attempt++);
  s.timer = setTimeout(() => {
    s.timer = null;
    void connect(s);
  }, delay);
  s.timer.unref();
}

async function connect(s: Stream) {
  try {
    const stream = await docker(s.host).getEvents({ filters: { type: ["container"] } });
    if (s.stopped) return void (stream as unknown as { destroy?: () => void }).destroy?.();
    s.current = stream;
    let buffered = "";
    stream.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) void onEvent(s, line);
    });
    const lost = () => scheduleReconnect(s);
    stream.once("end", lost);
    stream.once("close", lost);
    stream.once("error", lost);
    // Subscribed first, listed second: a change between the two is seen by at least one.
    await resync(s, s.attempt > 0);
    s.attempt = 0;
    s.connected = true;
  } catch {
    scheduleReconnect(s);
  }
}

async function onEvent(s: Stream, line: string) {
  let e: DockerEvent;
  try {
    e = JSON.parse(line) as DockerEvent;
  } catch {
    return;
  }
  const id = e.Actor?.ID ?? e.id;
  if (e.Type !== "container" || !id) return;
  if (e.Action === "destroy") return void s.known.delete(id);
  const status = statusOfEvent(e);
  if (!status) return;
  s.known.set(id, status);
  await publish(id, clientOfLabels(e.Actor?.Attributes), status);
}

/** Starts one stream per host (idempotent). */
export function startDockerEventStreams(): void {
  for (const host of dockerHosts()) {
    if (streams().has(host)) continue;
    const s: Stream = {
      host,
      known: new Map(),
      attempt: 0,
      connected: false,
      stopped: false,
      current: null,
      timer: null,
    };
    streams().set(host, s);
    void connect(s);
  }
}

export function dockerEventStreamConnected(host: HostName): boolean {
  return streams().get(host)?.connected ?? false;
}

export function stopDockerEventStreams(): void {
  for (const s of streams().values()) {
    s.stopped = true;
    if (s.timer) clearTimeout(s.timer);
    (s.current as unknown as { destroy?: () => void } | null)?.destroy?.();
  }
  streams().clear();
}
