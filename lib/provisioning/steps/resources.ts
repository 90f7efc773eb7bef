import "server-only";
import { LOCAL_HOST } from "../../docker/connection";
import { LABEL_CLIENT, LABEL_MANAGED, LABEL_PROVISIONING } from "../../docker/labels";
import {
  createLabelledNetwork,
  createLabelledVolume,
  labelsOf,
  listLabelled,
  removeLabelled,
} from "../../docker/labelled";
import { AppError } from "../../errors";
import type { StepContext, StepDefinition } from "../context";
import { networkName } from "../plan";

// Step 4, the seed's "execute provisioning script": the client's bridge network and its
// services' named volumes, labelled with the client and this run. Something of the same name not
// made by this run is never adopted (it might be another client's data): the step fails instead.

export const runLabels = (ctx: Pick<StepContext, "run">) => ({
  [LABEL_MANAGED]: "true",
  [LABEL_CLIENT]: ctx.run.clientId,
  [LABEL_PROVISIONING]: ctx.run.id,
});

async function ensure(ctx: StepContext, kind: "network" | "volume", name: string): Promise<boolean> {
  const labels = await labelsOf(LOCAL_HOST, kind, name);
  if (labels && labels[LABEL_PROVISIONING] === ctx.run.id) return false;
  if (labels)
    throw new AppError(
      "CONFLICT",
      `A ${kind} named ${name} already exists and was not made by this client's provisioning`,
    );
  if (kind === "network") await createLabelledNetwork(LOCAL_HOST, name, runLabels(ctx));
  else await createLabelledVolume(LOCAL_HOST, name, runLabels(ctx));
  return true;
}

export const resourcesStep: StepDefinition = {
  name: "resources",
  async run(ctx) {
    if (ctx.plan.length === 0) return { skipped: "no services: no network or volumes needed" };
    const network = networkName(ctx.run.clientId);
    const made: string[] = [];
    if (await ensure(ctx, "network", network)) made.push(network);
    const volumes = ctx.plan.flatMap((s) => s.volumes.map((v) => v.name));
    for (const v of volumes) if (await ensure(ctx, "volume", v)) made.push(v);
    await ctx.save({ network, volumes });
    await ctx.log(
      `network ${network}, ${volumes.length} volume(s); created now: ${made.join(", ") || "none (already there)"}`,
    );
  },
  async undo(ctx) {
    const by = { [LABEL_PROVISIONING]: ctx.run.id };
    const volumes = await listLabelled(LOCAL_HOST, "volume", by);
    for (const v of volumes) await removeLabelled(LOCAL_HOST, "volume", v.id);
    const networks = await listLabelled(LOCAL_HOST, "network", by);
    for (const n of networks) await removeLabelled(LOCAL_HOST, "network", n.id);
    await ctx.log(`removed ${volumes.length} volume(s) and ${networks.length} network(s)`);
  },
};
