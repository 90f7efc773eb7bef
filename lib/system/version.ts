import pkg from "../../package.json" with { type: "json" };

const startedAt = Date.now();
export const appVersion = () => pkg.version;
export const uptimeSeconds = () => Math.floor((Date.now() - startedAt) / 1000);
