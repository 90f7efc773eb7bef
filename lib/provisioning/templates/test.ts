import type { TemplateInput } from "./schema";
import { TEMPLATE_TYPES } from "./schema";

// The test catalog (SERVICE_CATALOG=test): every service type as the local busybox image that
// scripts/services.sh builds (no registry is reachable here), so the whole workflow — secrets,
// network, volumes, DNS, Traefik labels, containers, branding — runs against the real engine.
// Web types serve HTTP with busybox httpd; the others idle. SIGKILL as stop signal: a shell as
// PID 1 ignores SIGTERM and would hold every stop for the whole timeout.

const WEB: Record<string, string> = { ERP: "erp", PORTAL: "portal", WEBSITE: "www", MONITORING: "monitor" };

export const testTemplates: TemplateInput[] = TEMPLATE_TYPES.map((type) => {
  const name = type.toLowerCase();
  const sub = WEB[type] ?? (type === "EMAIL" ? "mail" : null);
  return {
    type,
    name,
    title: `${type[0]}${type.slice(1).toLowerCase()} (test)`,
    description: `busybox stand-in for ${type}`,
    image: "local/busybox:1",
    command: WEB[type]
      ? ["httpd", "-f", "-p", "8080", "-h", "/srv"]
      : ["sh", "-c", "echo started ${service}; while true; do sleep 3600; done"],
    env: { SERVICE_HOST: "${host}", SERVICE_PASSWORD: "${secret:password}" },
    secrets: ["password"],
    volumes: [{ name: "data", target: "/srv" }],
    ports: WEB[type] ? [{ container: 8080 }] : [],
    httpPort: WEB[type] ? 8080 : null,
    subdomain: sub,
    records: type === "EMAIL" ? [{ name: "@", type: "MX", value: "mail.${domain}", priority: 10 }] : [],
    healthcheck: WEB[type]
      ? { test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8080/"], intervalSeconds: 5, timeoutSeconds: 2, retries: 3 }
      : undefined,
    labels: { "securenexus.catalog": "test" },
    resources: { memoryMb: 32, cpus: 0.1 },
    sso: type === "PORTAL" || type === "ERP",
    stopSignal: "SIGKILL",
  };
});
