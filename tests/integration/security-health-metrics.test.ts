import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { tokenFor } from "../support/graphql";
import pkg from "../../package.json" with { type: "json" };
import { GET as health } from "@/app/health/route";
import { GET as metricsRoute } from "@/app/metrics/route";
import type { Database } from "@/lib/db";

// /health tells anyone whether the console can serve, but its version (which advisories apply)
// only to a signed-in caller or the metrics scraper; compose keeps /metrics behind METRICS_TOKEN.

const g = globalThis as { __snxConfig?: unknown };
const saved = { METRICS_TOKEN: process.env.METRICS_TOKEN, METRICS_TOKEN_FILE: process.env.METRICS_TOKEN_FILE };
function setEnv(env: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  g.__snxConfig = undefined;
}

async function getHealth(headers: Record<string, string> = {}) {
  const res = await health(new Request("http://localhost/health", { headers }));
  return { status: res.status, body: (await res.json()) as { status: string; version?: string } };
}

describe("what /health and /metrics tell whom", () => {
  let d: Database | null;
  const METRICS_TOKEN = "metrics-token-for-security-tests";
  beforeAll(async () => void (d = await installFreshDatabase("pglite")));
  afterEach(() => setEnv(saved));
  afterAll(async () => d?.close());

  it("shows no version to an anonymous caller, or to one with a wrong token", async () => {
    setEnv({ METRICS_TOKEN, METRICS_TOKEN_FILE: undefined });
    const callers: Record<string, string>[] = [
      {},
      { authorization: "Bearer not-the-metrics-token" },
      { cookie: "next-auth.session-token=forged" },
    ];
    for (const headers of callers) {
      const { status, body } = await getHealth(headers);
      expect(status, JSON.stringify(headers)).toBeLessThan(500);
      expect(body.status).toMatch(/HEALTHY|DEGRADED|UNHEALTHY/);
      expect(body, JSON.stringify(headers)).not.toHaveProperty("version");
    }
  });

  it("shows the version to a signed-in caller and to the metrics scraper", async () => {
    setEnv({ METRICS_TOKEN, METRICS_TOKEN_FILE: undefined });
    const token = await tokenFor(await createUserActor({ globalRoles: ["DEVELOPER"] }));
    expect((await getHealth({ authorization: `Bearer ${token}` })).body.version).toBe(pkg.version);
    expect((await getHealth({ authorization: `Bearer ${METRICS_TOKEN}` })).body.version).toBe(pkg.version);
  });

  it("compose sets METRICS_TOKEN from a secret, and so configured /metrics refuses a caller without it", async () => {
    const compose = fs.readFileSync(path.join(__dirname, "../../compose.yml"), "utf8");
    expect(compose).toMatch(/^\s+- METRICS_TOKEN_FILE=\/run\/secrets\/metrics_token$/m);
    expect(compose).toMatch(/^ {2}metrics_token:\n {4}file: \.\/secrets\/metrics_token\.txt$/m);

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "snx-metrics-")), "metrics_token");
    fs.writeFileSync(file, `${METRICS_TOKEN}\n`);
    setEnv({ METRICS_TOKEN: undefined, METRICS_TOKEN_FILE: file });
    expect((await metricsRoute(new Request("http://localhost/metrics"))).status).toBe(401);
    const scraped = await metricsRoute(
      new Request("http://localhost/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }),
    );
    expect(scraped.status).toBe(200);
  });
});
