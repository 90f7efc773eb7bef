import type { ImageRow, NetworkRow, PullProgress, VolumeRow } from "@/lib/docker/resources";
import {
  createNetwork,
  createVolume,
  listImages,
  listNetworks,
  listVolumes,
  pruneImages,
  pullImage,
  removeNetwork,
  removeVolume,
} from "@/lib/services/resources";
import { builder } from "./builder";
import { requireActorIn } from "./actor";

// Images, networks and volumes of the Docker host (imported by ./services.ts). Writes only ask
// for a signed-in user at the edge so the domain can record a denied attempt.

const DockerImage = builder.objectRef<ImageRow>("DockerImage").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    tags: t.exposeStringList("tags"),
    size: t.exposeFloat("size"),
    created: t.field({ type: "DateTime", resolve: (i) => i.created }),
  }),
});
const ImagePruneResult = builder
  .objectRef<{ deleted: string[]; spaceReclaimed: number }>("ImagePruneResult")
  .implement({
    fields: (t) => ({ deleted: t.exposeStringList("deleted"), spaceReclaimed: t.exposeFloat("spaceReclaimed") }),
  });
const ImagePullProgress = builder.objectRef<PullProgress>("ImagePullProgress").implement({
  fields: (t) => ({
    status: t.exposeString("status"),
    layer: t.exposeString("layer", { nullable: true }),
    current: t.exposeFloat("current", { nullable: true }),
    total: t.exposeFloat("total", { nullable: true }),
  }),
});
const DockerNetwork = builder.objectRef<NetworkRow>("DockerNetwork").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    driver: t.exposeString("driver"),
    internal: t.exposeBoolean("internal"),
    containers: t.exposeStringList("containers"),
    created: t.field({ type: "DateTime", nullable: true, resolve: (n) => n.created }),
  }),
});
const DockerVolume = builder.objectRef<VolumeRow>("DockerVolume").implement({
  fields: (t) => ({
    name: t.exposeString("name"),
    driver: t.exposeString("driver"),
    mountpoint: t.exposeString("mountpoint"),
    usedBy: t.exposeStringList("usedBy"),
    created: t.field({ type: "DateTime", nullable: true, resolve: (v) => v.created }),
  }),
});

builder.queryFields((t) => ({
  images: t.field({
    type: [DockerImage],
    authScopes: { permission: "image:read" },
    resolve: (_r, _a, ctx) => listImages({ actor: requireActorIn(ctx) }),
  }),
  networks: t.field({
    type: [DockerNetwork],
    authScopes: { permission: "network:read" },
    resolve: (_r, _a, ctx) => listNetworks({ actor: requireActorIn(ctx) }),
  }),
  volumes: t.field({
    type: [DockerVolume],
    authScopes: { permission: "volume:read" },
    resolve: (_r, _a, ctx) => listVolumes({ actor: requireActorIn(ctx) }),
  }),
}));

builder.mutationFields((t) => ({
  pruneImages: t.field({
    type: ImagePruneResult,
    authScopes: { signedIn: true },
    description: "Removes dangling (untagged, unused) images.",
    resolve: (_r, _a, ctx) => pruneImages({ actor: requireActorIn(ctx) }),
  }),
  createNetwork: t.field({
    type: DockerNetwork,
    authScopes: { signedIn: true },
    args: { name: t.arg.string({ required: true }), internal: t.arg.boolean({ required: false }) },
    resolve: (_r, a, ctx) => createNetwork({ actor: requireActorIn(ctx), name: a.name, internal: a.internal }),
  }),
  removeNetwork: t.field({
    type: "Boolean",
    authScopes: { signedIn: true },
    description: "Refused (CONFLICT) while containers are attached.",
    args: { name: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => removeNetwork({ actor: requireActorIn(ctx), name: a.name }),
  }),
  createVolume: t.field({
    type: DockerVolume,
    authScopes: { signedIn: true },
    args: { name: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => createVolume({ actor: requireActorIn(ctx), name: a.name }),
  }),
  removeVolume: t.field({
    type: "Boolean",
    authScopes: { signedIn: true },
    description: "Refused (CONFLICT) while a container uses it.",
    args: { name: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => removeVolume({ actor: requireActorIn(ctx), name: a.name }),
  }),
}));

builder.subscriptionFields((t) => ({
  pullImage: t.field({
    type: ImagePullProgress,
    authScopes: { signedIn: true },
    description: "Pulls an image, streaming the engine's progress.",
    args: { reference: t.arg.string({ required: true }) },
    subscribe: (_r, a, ctx) =>
      pullImage({ actor: requireActorIn(ctx), reference: a.reference, signal: ctx.request.signal }),
    resolve: (p) => p,
  }),
}));
