import pkg from "../../package.json" with { type: "json" };

export const appVersion = () => pkg.version;
// process.uptime(), not a module-level timestamp: Next loads this module once per route bundle.
export const uptimeSeconds = () => Math.floor(process.uptime());
