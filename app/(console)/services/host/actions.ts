"use server";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { createNetwork, createVolume, pruneImages, removeNetwork, removeVolume } from "@/lib/services/resources";

// Images, networks and volumes from the Docker host page. Each calls one domain function, which
// checks the permission, refuses what is in use (CONFLICT naming the containers) and audits.
export type HostActionState = { ok?: string; error?: string };

async function attempt(work: () => Promise<string>): Promise<HostActionState> {
  try {
    const ok = await work();
    revalidatePath("/services/host");
    return { ok };
  } catch (err) {
    if (isAppError(err)) return { error: `${err.code}: ${err.message}` };
    throw err;
  }
}

const mib = (n: number) => `${(n / (1 << 20)).toFixed(1)} MiB`;

export async function pruneImagesAction(): Promise<HostActionState> {
  return attempt(async () => {
    const r = await pruneImages({ actor: await requireActor() });
    return r.deleted.length ? `Removed ${r.deleted.length} unused image layer(s), ${mib(r.spaceReclaimed)} reclaimed` : "No dangling images to remove";
  });
}

export async function createNetworkAction(_prev: HostActionState, form: FormData): Promise<HostActionState> {
  const name = String(form.get("name") ?? "");
  return attempt(async () => {
    await createNetwork({ actor: await requireActor(), name, internal: form.get("internal") === "on" });
    return `Network ${name} created`;
  });
}

export async function removeNetworkAction(name: string): Promise<HostActionState> {
  return attempt(async () => {
    await removeNetwork({ actor: await requireActor(), name });
    return `Network ${name} removed`;
  });
}

export async function createVolumeAction(_prev: HostActionState, form: FormData): Promise<HostActionState> {
  const name = String(form.get("name") ?? "");
  return attempt(async () => {
    await createVolume({ actor: await requireActor(), name });
    return `Volume ${name} created`;
  });
}

export async function removeVolumeAction(name: string): Promise<HostActionState> {
  return attempt(async () => {
    await removeVolume({ actor: await requireActor(), name });
    return `Volume ${name} removed`;
  });
}
