import Docker from "dockerode";
import { createJobRunner, registerJobHandler } from "@/lib/jobs";
import { PROVISION_JOB, provisionJob } from "@/lib/provisioning/job";
import { db } from "@/lib/db";

// Helpers of the provisioning tests: a job runner in this process (the role of a restarted
// server), the Docker objects a client has by label (what an orphan check counts), and cleanup.

const raw = new Docker({ socketPath: "/var/run/docker.sock" });

/** Test processes read SERVICE_CATALOG=test: every template is the local busybox image. */
export function useTestCatalog(extra: Record<string, string> = {}) {
  Object.assign(process.env, { SERVICE_CATALOG: "test", PROVISIONING_INGRESS_IP: "192.0.2.10", ...extra });
  (globalThis as { __snxConfig?: unknown; __snxCatalog?: unknown }).__snxConfig = undefined;
  (globalThis as { __snxCatalog?: unknown }).__snxCatalog = undefined;
}

/** Runs due jobs in this process until the client's provisioning settles (or the timeout). */
export async function runProvisioning(clientId: string, opts: { leaseMs?: number; timeoutMs?: number } = {}) {
  registerJobHandler(PROVISION_JOB, provisionJob);
  const runner = createJobRunner({ leaseMs: opts.leaseMs ?? 60_000, schedules: false, concurrency: 1 });
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    await runner.runOnce();
    const run = await db().provisioningRun.findUniqueOrThrow({ where: { clientId } });
    if (["succeeded", "failed", "rolled_back"].includes(run.status)) return run;
    if (Date.now() > deadline) {
      const job = run.jobId ? await db().job.findUnique({ where: { id: run.jobId } }) : null;
      throw new Error(
        `provisioning of ${clientId} still ${run.status} after the timeout; job ${JSON.stringify(job)}; log:\n${run.log.join("\n")}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** What Docker holds for a client, found by its label (an orphan is anything here not expected). */
export async function dockerObjectsOf(clientId: string) {
  const filters = { label: [`securenexus.client=${clientId}`] };
  const [containers, volumes, networks] = await Promise.all([
    raw.listContainers({ all: true, filters }),
    raw.listVolumes({ filters }),
    raw.listNetworks({ filters }),
  ]);
  return {
    containers: containers.map((c) => ({
      id: c.Id,
      name: c.Names[0]!.replace(/^\//, ""),
      state: c.State,
      labels: c.Labels,
    })),
    volumes: (volumes.Volumes ?? []).map((v) => v.Name).sort(),
    networks: networks.map((n) => n.Name).sort(),
  };
}

/** Removes whatever Docker holds for these clients (test cleanup). */
export async function removeDockerObjectsOf(clientIds: string[]) {
  for (const id of clientIds) {
    const o = await dockerObjectsOf(id);
    await Promise.all(
      o.containers.map((c) =>
        raw
          .getContainer(c.id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
    await Promise.all(
      o.volumes.map((v) =>
        raw
          .getVolume(v)
          .remove()
          .catch(() => undefined),
      ),
    );
    await Promise.all(
      o.networks.map((n) =>
        raw
          .getNetwork(n)
          .remove()
          .catch(() => undefined),
      ),
    );
  }
}

export { raw as rawDocker };
