import "server-only";
import { z } from "zod";
import { can, requirePermission, type Actor } from "../auth/actor";
import { whileAllowed } from "../auth/request/stream-rights";
import { LOCAL_HOST } from "../docker/connection";
import * as engine from "../docker/resources";
import { BoundedQueue } from "../events/bounded-queue";
import { AppError } from "../errors";
import { auditedCall, denyUnless, parseInput } from "../kit";

// Images, networks and volumes are the host's, not a client's: global roles only (image:*,
// network:*, volume:*). Removing a network or volume in use is refused with the users named.

const NAME = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/, "letters, digits, _ . - (max 128), starting with a letter or digit");
const IMAGE_REF = z
  .string()
  .max(255)
  .regex(/^[a-z0-9][a-z0-9._\-/:@]*$/i, "an image reference such as nginx:1.27 or registry.example/app@sha256:…");
const BUILT_IN_NETWORKS = new Set(["bridge", "host", "none"]);

export async function listImages({ actor }: { actor: Actor }) {
  requirePermission(actor, "image:read");
  return engine.listImages(LOCAL_HOST);
}

export async function pruneImages({ actor }: { actor: Actor }) {
  const resource = { type: "image" };
  await denyUnless(actor, "image:prune", { action: "image.prune", resource });
  return auditedCall(
    actor,
    "image.prune",
    resource,
    async () => {
      const r = await engine.pruneDanglingImages(LOCAL_HOST);
      return { result: r, details: { deleted: r.deleted.length, spaceReclaimed: r.spaceReclaimed } };
    },
    { details: { host: LOCAL_HOST } },
  );
}

/** Pull progress events a viewer may have waiting before it is dropped (the pull itself goes on). */
const MAX_PENDING_PROGRESS = 10_000;

/** Pull progress as the engine reports it; audited when the pull ends (success or failure). The
 *  viewer's image:pull is re-checked while it runs (lib/auth/request/stream-rights.ts). */
export async function* pullImage({
  actor,
  reference,
  signal,
}: {
  actor: Actor;
  reference: string;
  signal?: AbortSignal;
}): AsyncGenerator<engine.PullProgress> {
  const ref = parseInput(IMAGE_REF, reference);
  const resource = { type: "image", id: ref };
  await denyUnless(actor, "image:pull", { action: "image.pull", resource });
  yield* whileAllowed({
    actor,
    signal,
    allowed: (a) => can(a, "image:pull"),
    open: async function* (live) {
      const progress = new BoundedQueue<engine.PullProgress>(
        MAX_PENDING_PROGRESS,
        () =>
          new AppError(
            "RATE_LIMITED",
            "Pull progress dropped: the client reads more slowly than the engine reports; the pull goes on",
          ),
      );
      const pull = auditedCall(
        actor,
        "image.pull",
        resource,
        async () => {
          for await (const p of engine.pullImage(LOCAL_HOST, ref, live.signal)) progress.push(p);
          return { result: undefined };
        },
        { details: { host: LOCAL_HOST } },
      ).finally(() => progress.end());
      pull.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
      yield* progress;
      await pull;
    },
  });
}

export async function listNetworks({ actor }: { actor: Actor }) {
  requirePermission(actor, "network:read");
  return engine.listNetworks(LOCAL_HOST);
}

export async function createNetwork({
  actor,
  name,
  internal,
}: {
  actor: Actor;
  name: string;
  internal?: boolean | null;
}) {
  const n = parseInput(NAME, name);
  const resource = { type: "network", id: n };
  await denyUnless(actor, "network:write", { action: "network.create", resource });
  await auditedCall(
    actor,
    "network.create",
    resource,
    async () => ({ result: await engine.createNetwork(LOCAL_HOST, n, Boolean(internal)) }),
    { details: { host: LOCAL_HOST, internal: Boolean(internal) } },
  );
  return (await engine.listNetworks(LOCAL_HOST)).find((x) => x.name === n)!;
}

export async function removeNetwork({ actor, name }: { actor: Actor; name: string }) {
  const resource = { type: "network", id: name };
  await denyUnless(actor, "network:write", { action: "network.remove", resource });
  return auditedCall(
    actor,
    "network.remove",
    resource,
    async () => {
      const net = (await engine.listNetworks(LOCAL_HOST)).find((x) => x.name === name || x.id === name);
      if (!net) throw new AppError("NOT_FOUND", "Network not found");
      if (BUILT_IN_NETWORKS.has(net.name))
        throw new AppError("CONFLICT", `Network ${net.name} is built into Docker and cannot be removed`);
      if (net.containers.length)
        throw new AppError("CONFLICT", `Network ${net.name} is in use by: ${net.containers.join(", ")}`, {
          usedBy: net.containers,
        });
      await engine.removeNetwork(LOCAL_HOST, net.id);
      return { result: true };
    },
    { details: { host: LOCAL_HOST } },
  );
}

export async function listVolumes({ actor }: { actor: Actor }) {
  requirePermission(actor, "volume:read");
  return engine.listVolumes(LOCAL_HOST);
}

export async function createVolume({ actor, name }: { actor: Actor; name: string }) {
  const n = parseInput(NAME, name);
  const resource = { type: "volume", id: n };
  await denyUnless(actor, "volume:write", { action: "volume.create", resource });
  await auditedCall(
    actor,
    "volume.create",
    resource,
    async () => ({ result: await engine.createVolume(LOCAL_HOST, n) }),
    { details: { host: LOCAL_HOST } },
  );
  return (await engine.listVolumes(LOCAL_HOST)).find((v) => v.name === n)!;
}

export async function removeVolume({ actor, name }: { actor: Actor; name: string }) {
  const resource = { type: "volume", id: name };
  await denyUnless(actor, "volume:write", { action: "volume.remove", resource });
  return auditedCall(
    actor,
    "volume.remove",
    resource,
    async () => {
      const vol = (await engine.listVolumes(LOCAL_HOST)).find((v) => v.name === name);
      if (!vol) throw new AppError("NOT_FOUND", "Volume not found");
      if (vol.usedBy.length)
        throw new AppError("CONFLICT", `Volume ${vol.name} is in use by: ${vol.usedBy.join(", ")}`, {
          usedBy: vol.usedBy,
        });
      await engine.removeVolume(LOCAL_HOST, vol.name);
      return { result: true };
    },
    { details: { host: LOCAL_HOST } },
  );
}
