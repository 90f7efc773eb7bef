import "server-only";
import { dockerConfigured, dockerHosts } from "../docker/connection";
import { controlContainer, listContainers, removeContainer } from "../docker/containers";

// A client's containers are those labelled securenexus.client=<id> (docs/decisions/007). These
// calls hold no rules: the client domain decides when to call them and audits the outcome.
// No Docker configured means the client has no containers (embedded default), not an outage.

export async function clientContainers(clientId: string) {
  if (!dockerConfigured()) return [];
  const lists = await Promise.all(dockerHosts().map((h) => listContainers(h, [clientId])));
  return lists.flat();
}

/** Stops or starts every container of the client; returns the ids it acted on. */
export async function controlClientContainers(clientId: string, action: "stop" | "start"): Promise<string[]> {
  const list = await clientContainers(clientId);
  await Promise.all(list.map((c) => controlContainer({ host: c.host, containerId: c.Id }, action, 10)));
  return list.map((c) => c.Id);
}

/** Removes every container of the client (volumes are kept: data stays until a purge). */
export async function removeClientContainers(clientId: string): Promise<string[]> {
  const list = await clientContainers(clientId);
  await Promise.all(list.map((c) => removeContainer({ host: c.host, containerId: c.Id })));
  return list.map((c) => c.Id);
}
