import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "snx-config-"));
const base = { DATA_DIR: dataDir } as unknown as NodeJS.ProcessEnv;

describe("config", () => {
  it("runs on embedded defaults with nothing set, and keeps a generated session secret", () => {
    const c = parseConfig(base);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.APP_URL).toBe("http://localhost:3000");
    expect(c.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(parseConfig(base).NEXTAUTH_SECRET).toBe(c.NEXTAUTH_SECRET);
    expect(c.oidcEnabled).toBe(false);
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ APP_URL: "not a url" }, "APP_URL"],
    [{ AUDIT_RETENTION_DAYS: "0" }, "AUDIT_RETENTION_DAYS"],
    [{ ADMIN_EMAIL: "admin@example.com", ADMIN_PASSWORD: "short" }, "ADMIN_PASSWORD"],
    [{ ADMIN_EMAIL: "admin@example.com" }, "ADMIN_PASSWORD"],
    [{ METRICS_TOKEN: "tiny" }, "METRICS_TOKEN"],
    [{ AUTHENTIK_ISSUER: "https://sso.example.com/application/o/x/" }, "AUTHENTIK_CLIENT_ID"],
    [{ TRUST_PROXY: "yes" }, "TRUST_PROXY"],
    [{ TRUST_PROXY: "true" }, "TRUST_PROXY"],
    [{ TRUST_PROXY: "10.0.0.0/33" }, "TRUST_PROXY"],
  ])("stops at start naming the bad variable: %o", (env, name) => {
    expect(() => parseConfig({ ...base, ...env })).toThrow(name);
  });

  it("reads NAME_FILE secrets and refuses both forms at once", () => {
    const file = path.join(dataDir, "admin-password");
    fs.writeFileSync(file, "a-very-long-password\n");
    const c = parseConfig({ ...base, ADMIN_EMAIL: "a@example.com", ADMIN_PASSWORD_FILE: file });
    expect(c.ADMIN_PASSWORD).toBe("a-very-long-password");
    expect(() => parseConfig({ ...base, ADMIN_PASSWORD: "x".repeat(12), ADMIN_PASSWORD_FILE: file })).toThrow(
      /ADMIN_PASSWORD and ADMIN_PASSWORD_FILE/,
    );
    expect(() => parseConfig({ ...base, NEXTAUTH_SECRET_FILE: "/nonexistent/secret" })).toThrow(/NEXTAUTH_SECRET_FILE/);
  });
});
