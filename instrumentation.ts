// Boot: parse config (a bad variable stops the start with its name), migrate, first admin,
// then background jobs. Runs once per server process.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // first, so every request the server hands to a route carries its socket address
  const { recordPeerAddresses } = await import("./lib/auth/request/peer-address");
  recordPeerAddresses();
  const { ensureReady } = await import("./lib/startup");
  try {
    await ensureReady();
  } catch (err) {
    console.error(`[startup] ${(err as Error).message}`);
    process.exit(1);
  }
  const { startBackgroundWork } = await import("./lib/jobs/start");
  await startBackgroundWork();
}
