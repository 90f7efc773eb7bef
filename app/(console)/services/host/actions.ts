"use server";
import { requireActor } from "@/lib/auth/request/current-actor";
import { attempt, type ActionState } from "@/components/action-state";
import { createNetwork, createVolume, pruneImages, removeNetwork, removeVolume } from "@/lib/services/resources";

// Images, networks and volumes from the Docker host page. Each calls one domain function, which
// checks the permission, refuses what is in use (CONFLICT naming the containers) and audits.
const onHostPage = (work: () => Promise<string>): Promise<ActionState> =>
  attempt(work, { revalidate: ["/services/host"], withCode: true });

const mib = (n: number) => `${(n / (1 << 20)).toFixed(1)} MiB`;

export async function pruneImagesAction(): Promise<ActionState> {
  return onHostPage(async () => {
    const r = await pruneImages({ actor: await requireActor() });
    return r.deleted.length
      ? `Removed ${r.deleted.length} unused image layer(s), ${mib(r.spaceReclaimed)} reclaimed`
      : "No dangling images to remove";
  });
}

export async function createNetworkAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const name = String(form.get("name") ?? "");
  return onHostPage(async () => {
    await createNetwork({ actor: await requireActor(), name, internal: form.get("internal") === "on" });
    return `Network ${name} created`;
  });
}

export async function removeNetworkAction(name: string): Promise<ActionState> {
  return onHostPage(async () => {
    await removeNetwork({ actor: await requireActor(), name });
    return `Network ${name} removed`;
  });
}

export async function createVolumeAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const name = String(form.get("name") ?? "");
  return onHostPage(async () => {
    await createVolume({ actor: await requireActor(), name });
    return `Volume ${name} created`;
  });
}

export async function removeVolumeAction(name: string): Promise<ActionState> {
  return onHostPage(async () => {
    await removeVolume({ actor: await requireActor(), name });
    return `Volume ${name} removed`;
  });
}
