import net from "node:net";

// Which real services the tests can reach. In CI every one is required: a missing one fails.
// Outside CI a missing one skips its tests and says so.
export const IN_CI = process.env.CI === "true" || process.env.CI === "1";

export const SERVICE_URLS = {
  postgres: process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  redis: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
};

export async function reachable(url: string, timeoutMs = 1500): Promise<boolean> {
  const u = new URL(url);
  const port = Number(
    u.port || { "postgresql:": 5432, "postgres:": 5432, "redis:": 6379, "http:": 80 }[u.protocol] || 0,
  );
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port, timeout: timeoutMs });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

/** Resolves whether tests needing `name` should run; throws in CI when it is missing. */
export async function requireService(name: string, url: string): Promise<boolean> {
  if (await reachable(url)) return true;
  if (IN_CI) throw new Error(`${name} is required in CI but not reachable at ${url} (run scripts/services.sh)`);
  console.warn(`[tests] SKIPPED: ${name} not reachable at ${url}; its tests do not run (outside CI only)`);
  return false;
}
