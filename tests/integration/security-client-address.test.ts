import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExists, startAppServer, waitHealthy, type AppServer } from "../support/app-server";
import { requestFrom } from "../support/http-from";

// The client address is the socket's, whatever X-Forwarded-For says, unless TRUST_PROXY names the
// proxies in front (lib/auth/request/peer-address.ts, lib/auth/request/request-context.ts). Against a real
// `next start`: route handlers never see the socket, so only a real server shows what they get.
// Each test connects from its own loopback address (127.0.0.x) to get a sign-in budget of its own.

const ADMIN = { email: "edge-admin@example.test", password: "edge-admin-password-1234" };
const forged = (i: number) => `203.0.113.${i + 1}`;

function startServer(port: number, env: Record<string, string> = {}) {
  const dataDir = path.join(os.tmpdir(), `snx-client-address-${crypto.randomBytes(4).toString("hex")}`);
  return startAppServer(port, {
    DATABASE_URL: "",
    REDIS_URL: "",
    ETCD_URL: "",
    PROMETHEUS_URL: "",
    ALERTMANAGER_URL: "",
    AUTHENTIK_ISSUER: "",
    AUTHENTIK_CLIENT_ID: "",
    AUTHENTIK_CLIENT_SECRET: "",
    DATA_DIR: dataDir,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    RATE_LIMIT_SIGNIN_PER_MINUTE: "10",
    ...env,
  });
}

async function passwordGrant(server: AppServer, from: string, username: string, password: string, xff?: string) {
  const res = await requestFrom(from, `${server.url}/api/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(xff ? { "x-forwarded-for": xff } : {}) },
    body: JSON.stringify({ grant_type: "password", username, password }),
  });
  return { status: res.status, body: JSON.parse(res.body) as { access_token?: string; error?: string } };
}

/** The failed sign-ins audited for one login, read back by the administrator over GraphQL. */
async function auditedAddresses(server: AppServer, adminFrom: string, login: string): Promise<(string | null)[]> {
  const { body } = await passwordGrant(server, adminFrom, ADMIN.email, ADMIN.password);
  const res = await requestFrom(adminFrom, `${server.url}/api/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${body.access_token}` },
    body: JSON.stringify({
      query: `{ auditLogs(first: 100, filter: { action: "auth.signin", result: failure }) { edges { node { ipAddress details } } } }`,
    }),
  });
  const data = JSON.parse(res.body) as {
    data?: { auditLogs: { edges: { node: { ipAddress: string | null; details: { login?: string } } }[] } };
    errors?: unknown;
  };
  if (!data.data) throw new Error(`auditLogs: ${res.body}`);
  return data.data.auditLogs.edges.filter((e) => e.node.details.login === login).map((e) => e.node.ipAddress);
}

describe("the client address cannot be forged with X-Forwarded-For", () => {
  let direct: AppServer | null = null;
  let behindProxy: AppServer | null = null;

  beforeAll(async () => {
    if (!buildExists()) return;
    [direct, behindProxy] = await Promise.all([startServer(3351), startServer(3352, { TRUST_PROXY: "1" })]);
    await Promise.all([waitHealthy(direct), waitHealthy(behindProxy)]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([direct?.stop(), behindProxy?.stop()]);
  });

  it.skipIf(!buildExists())(
    "15 failed password grants on /api/auth/token with a new X-Forwarded-For each reach 429",
    async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++) {
        // a new login each time, so the per-account delay never answers instead of the per-IP limit
        statuses.push(
          (await passwordGrant(direct!, "127.0.0.2", `nobody-${i}@example.test`, "wrong password", forged(i))).status,
        );
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
      expect(statuses.slice(10)).toEqual(Array(5).fill(429));
    },
  );

  it.skipIf(!buildExists())(
    "15 posts to the credentials callback with a new X-Forwarded-For each reach 429",
    async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++) {
        const res = await requestFrom("127.0.0.3", `${direct!.url}/api/auth/callback/password`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": forged(i) },
          body: new URLSearchParams({
            login: `nobody-${i}@example.test`,
            password: "wrong password",
            json: "true",
          }).toString(),
        });
        statuses.push(res.status);
      }
      expect(
        statuses.slice(0, 10).every((s) => s !== 429),
        String(statuses),
      ).toBe(true);
      expect(statuses.slice(10)).toEqual(Array(5).fill(429));
    },
  );

  it.skipIf(!buildExists())(
    "the audit row of a failed sign-in carries the socket address, not the forged one",
    async () => {
      const login = `audited-${crypto.randomBytes(3).toString("hex")}@example.test`;
      expect((await passwordGrant(direct!, "127.0.0.4", login, "wrong password", "198.51.100.66")).status).toBe(400);
      expect((await passwordGrant(direct!, "127.0.0.4", login, "wrong password")).status).toBe(400);
      expect(await auditedAddresses(direct!, "127.0.0.5", login)).toEqual(["127.0.0.4", "127.0.0.4"]);
    },
  );

  it.skipIf(!buildExists())(
    "behind one trusted proxy (TRUST_PROXY=1) the client is the hop the proxy added, not what the client wrote",
    async () => {
      const login = `proxied-${crypto.randomBytes(3).toString("hex")}@example.test`;
      // the client wrote 6.6.6.6; the proxy (this socket, 127.0.0.6) appended the client it saw
      expect(
        (await passwordGrant(behindProxy!, "127.0.0.6", login, "wrong password", "6.6.6.6, 198.51.100.7")).status,
      ).toBe(400);
      expect(await auditedAddresses(behindProxy!, "127.0.0.7", login)).toEqual(["198.51.100.7"]);
    },
  );
});
