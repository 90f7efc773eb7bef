import { spawn, type ChildProcess } from "node:child_process";
import { describe, expect } from "vitest";
import { provisioningTest as it, type ProvisioningWorld } from "../support/fixtures";
import { dockerObjectsOf, rawDocker, removeDockerObjectsOf, runProvisioning } from "../support/provisioning";
import { db } from "@/lib/db";
import { openPostgres } from "@/lib/db/connection";
import { createClient } from "@/lib/clients/write-client";
import { createJobRunner, registerJobHandler } from "@/lib/jobs";
import { PROVISION_JOB, provisionJob } from "@/lib/provisioning/job";
import { readClientSecrets } from "@/lib/provisioning/secrets";
import { STEP_NAMES, type StepName } from "@/lib/provisioning/step-names";
import type { Actor } from "@/lib/auth/actor";

// kill -9 of the process running a provisioning job, at every step: the worker entry
// (scripts/worker.ts) is started with PROVISION_PAUSE_AT_STEP=<step>, which blocks once the
// step's work is done but before it is recorded (in deploy: after the first container is made).
// The process is killed there; a runner started afterwards claims the job once its lease has
// expired and finishes it. Then nothing is orphaned: exactly the client's containers, network,
// volumes and DNS records exist, each once, and only the killed step ran twice.

const SERVICES = ["WEBSITE", "PORTAL", "DATABASE"];
const LEASE_MS = 1500;

function startWorker(
  url: string,
  pauseAt: StepName,
): { child: ChildProcess; paused: Promise<void>; output: () => string } {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "test",
    DATABASE_URL: url,
    DATA_DIR: process.env.DATA_DIR,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,
    SERVICE_CATALOG: "test",
    PROVISIONING_INGRESS_IP: process.env.PROVISIONING_INGRESS_IP,
    JOBS_ENABLED: "true",
    JOBS_LEASE_MS: String(LEASE_MS),
    JOBS_POLL_MS: "200",
    PROVISION_PAUSE_AT_STEP: pauseAt,
  };
  // node itself with tsx's loader: the tsx CLI would run the worker in a grandchild that a
  // kill of the child leaves alive.
  const child = spawn(process.execPath, ["--conditions", "react-server", "--import", "tsx", "scripts/worker.ts"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const paused = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not pause at ${pauseAt}:\n${out}`)), 180_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      if (!out.includes(`[provisioning] paused at ${pauseAt}`)) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
    child.once(
      "exit",
      (code) => (
        clearTimeout(timer),
        reject(new Error(`worker exited (${code}) before pausing at ${pauseAt}:\n${out}`))
      ),
    );
  });
  return { child, paused, output: () => out };
}

async function killHard(child: ChildProcess) {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
}

/** Everything the client has, as names, for a comparison that shows any duplicate or stray. */
async function footprint(clientId: string, domain: string) {
  const o = await dockerObjectsOf(clientId);
  const zone = await db().dnsZone.findUnique({ where: { name: domain }, include: { records: true } });
  return {
    containers: o.containers.map((c) => `${c.name} ${c.state}`).sort(),
    volumes: o.volumes,
    networks: o.networks,
    records: (zone?.records ?? []).map((r) => `${r.name} ${r.type} ${r.value}`).sort(),
    services: (await db().service.findMany({ where: { clientId } })).map((s) => `${s.type} ${s.status}`).sort(),
    secrets: (await db().clientSecret.findMany({ where: { clientId } })).map((s) => s.name).sort(),
  };
}

describe("provisioning survives kill -9 at every step (PostgreSQL + Docker, worker process)", () => {
  let p: ProvisioningWorld | null = null;
  let admin: Actor;
  let made: string[];
  const tag = Math.random().toString(36).slice(2, 7);

  it.beforeAll(async ({ provisioning }) => {
    if (!(p = provisioning)) return;
    ({ admin, made } = p);
  });

  const newClient = async (name: string) => {
    const c = await createClient({
      actor: admin,
      input: { name, domain: `${name}-${tag}.test`, services: SERVICES, branding: { primaryColor: "#0a0b0c" } },
    });
    made.push(c.id);
    return c;
  };

  it.for([...STEP_NAMES])(
    "killed at %s, restarted: finishes once, nothing orphaned",
    { timeout: 420_000 },
    async (step, { skip }) => {
      if (!p) return skip();
      const client = await newClient(`kill-${step}`);
      const worker = startWorker(p.database.url!, step);
      try {
        await worker.paused;
      } finally {
        await killHard(worker.child);
      }
      const atKill = await db().provisioningStep.findFirstOrThrow({
        where: { run: { clientId: client.id }, name: step },
      });
      expect(atKill.status, "the killed step's work is done but not recorded").toBe("running");

      const run = await runProvisioning(client.id, { timeoutMs: 180_000 });
      expect(run.status, (await db().provisioningRun.findUnique({ where: { id: run.id } }))?.error ?? "").toBe(
        "succeeded",
      );
      const steps = await db().provisioningStep.findMany({ where: { runId: run.id }, orderBy: { position: "asc" } });
      expect(steps.map((s) => [s.name, s.executions])).toEqual(STEP_NAMES.map((n) => [n, n === step ? 2 : 1]));

      const short = client.id.replace(/-/g, "").slice(0, 12);
      const names = ["website", "portal", "database"].map((n) => `snx-${short}-${n}`);
      expect(await footprint(client.id, client.domain)).toEqual({
        containers: names.map((n) => `${n} running`).sort(),
        volumes: names.map((n) => `${n}-data`).sort(),
        networks: [`snx-${short}`],
        records: [
          "@ A 192.0.2.10",
          "@ NS ns1.securenexus.net",
          "@ NS ns2.securenexus.net",
          `portal CNAME ${client.domain}`,
          `www CNAME ${client.domain}`,
        ],
        services: ["DATABASE running", "PORTAL running", "WEBSITE running"],
        secrets: ["database.password", "portal.password", "website.password"],
      });
      // The secret the container was started with is the one stored: a resumed run never made a new one.
      const env = (await rawDocker.getContainer(`snx-${short}-website`).inspect()).Config.Env;
      expect(env).toContain(`SERVICE_PASSWORD=${(await readClientSecrets(client.id, "website.")).password}`);
      expect((await db().client.findUniqueOrThrow({ where: { id: client.id } })).status).toBe("active");
      await removeDockerObjectsOf([client.id]);
    },
  );

  it("two runners with their own connections: each client's steps run exactly once", async ({ skip }) => {
    if (!p) return skip();
    const clients = [await newClient("twin-a"), await newClient("twin-b"), await newClient("twin-c")];
    registerJobHandler(PROVISION_JOB, provisionJob);
    const other = openPostgres(p.database.url!);
    try {
      const runners = [
        createJobRunner({ schedules: false, concurrency: 1 }),
        createJobRunner({ schedules: false, concurrency: 1, client: () => other.prisma }),
      ];
      const claimed = [0, 0];
      const pending = async () =>
        db().provisioningRun.count({
          where: { clientId: { in: clients.map((c) => c.id) }, status: { notIn: ["succeeded", "failed"] } },
        });
      while ((await pending()) > 0) {
        const got = await Promise.all(runners.map((r) => r.runOnce()));
        got.forEach((n, i) => (claimed[i]! += n));
      }
      expect(claimed[0]! + claimed[1]!, "three jobs, each claimed once").toBe(3);
      expect(
        claimed.every((n) => n > 0),
        `both runners took work: ${claimed}`,
      ).toBe(true);
      for (const c of clients) {
        const steps = await db().provisioningStep.findMany({ where: { run: { clientId: c.id } } });
        expect(steps.map((s) => s.executions)).toEqual(STEP_NAMES.map(() => 1));
        expect((await dockerObjectsOf(c.id)).containers).toHaveLength(3);
      }
    } finally {
      await other.close();
    }
  }, 420_000);
});
