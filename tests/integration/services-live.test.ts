import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events, type EventTopics } from "@/lib/events";
import {
  backoffMs,
  dockerEventStreamConnected,
  startDockerEventStreams,
  stopDockerEventStreams,
} from "@/lib/docker/event-stream";
import { createTicker, rawDocker, removeByPrefix, requireDocker, runPrefix } from "../support/services-fixtures";

// The Docker event stream survives the engine going away: the product talks to the engine
// through a socket proxy that this test cuts and restores (as an engine restart does). While it
// is cut a container stops; after the reconnect the resync publishes that change by itself.
describe("Docker event stream: reconnect and resync", () => {
  const prefix = runPrefix();
  const sock = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "snx-dock-")), "docker.sock");
  let ok = false;
  let server: net.Server | null = null;
  const conns = new Set<net.Socket>();
  const received: EventTopics["service.status"][] = [];

  const proxyUp = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((c) => {
        const up = net.connect("/var/run/docker.sock");
        conns.add(c).add(up);
        c.pipe(up).pipe(c);
        const drop = () => (c.destroy(), up.destroy());
        c.on("error", drop).on("close", drop);
        up.on("error", drop).on("close", drop);
      });
      server.listen(sock, resolve);
    });
  const proxyDown = () =>
    new Promise<void>((resolve) => {
      for (const c of conns) c.destroy();
      conns.clear();
      server!.close(() => resolve());
    });
  const waitFor = async (cond: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return cond();
  };

  beforeAll(async () => {
    ok = await requireDocker();
    if (!ok) return;
    await proxyUp();
    (globalThis as { __snxDocker?: Map<string, Docker> }).__snxDocker = new Map([
      ["local", new Docker({ socketPath: sock })],
    ]);
    events().subscribe("service.status", (e) => void received.push(e));
  });
  afterAll(async () => {
    stopDockerEventStreams();
    if (server) await proxyDown().catch(() => undefined);
    if (ok) await removeByPrefix(prefix);
  });

  it("backs off exponentially up to a ceiling", () => {
    expect([0, 1, 2, 3].map(backoffMs)).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(20)).toBe(30_000);
  });

  it("publishes a live stop, reconnects after the engine comes back and resyncs what changed meanwhile", async (context) => {
    if (!ok) return context.skip();
    const live = await createTicker(`${prefix}live`, { clientId: "client-live" });
    const away = await createTicker(`${prefix}away`, { clientId: null });
    startDockerEventStreams();
    expect(await waitFor(() => dockerEventStreamConnected("local"), 5000)).toBe(true);

    await rawDocker.getContainer(live).stop({ t: 5 });
    expect(await waitFor(() => received.some((e) => e.serviceId === live && e.status === "STOPPED"), 5000)).toBe(true);
    expect(received.find((e) => e.serviceId === live)).toMatchObject({ clientId: "client-live" });

    await proxyDown();
    expect(await waitFor(() => !dockerEventStreamConnected("local"), 3000)).toBe(true);
    // happens while the product cannot see it: the stream is down (waited for above), and stop()
    // returns once Docker has the container stopped, its events emitted
    await rawDocker.getContainer(away).stop({ t: 5 });
    expect(received.some((e) => e.serviceId === away)).toBe(false);

    await proxyUp();
    expect(await waitFor(() => dockerEventStreamConnected("local"), 10_000)).toBe(true);
    expect(await waitFor(() => received.some((e) => e.serviceId === away && e.status === "STOPPED"), 3000)).toBe(true);
    expect(received.find((e) => e.serviceId === away)).toMatchObject({ clientId: null });
  });
});
