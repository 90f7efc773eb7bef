import type { TemplateInput } from "./schema";

// The production catalog: one template per service type of the seed. Images are pinned to a
// major version; resource limits are a starting point an operator can tune here. Every public
// service is routed by Traefik on its host name (TLS from the configured certresolver).

export const productionTemplates: TemplateInput[] = [
  {
    type: "ERP", name: "erp", title: "ERPNext", description: "ERPNext (Frappe) business suite",
    image: "frappe/erpnext:v15",
    env: { SITE_NAME: "${host}", ADMIN_PASSWORD: "${secret:admin_password}", DB_PASSWORD: "${secret:db_password}", DB_HOST: "${service}-db" },
    secrets: ["admin_password", "db_password"],
    volumes: [{ name: "sites", target: "/home/frappe/frappe-bench/sites" }, { name: "logs", target: "/home/frappe/frappe-bench/logs" }],
    ports: [{ container: 8000 }], httpPort: 8000, subdomain: "erp", sso: true,
    healthcheck: { test: ["CMD", "curl", "-fsS", "http://localhost:8000/api/method/ping"], intervalSeconds: 30, timeoutSeconds: 10, retries: 3, startPeriodSeconds: 120 },
    resources: { memoryMb: 2048, cpus: 2 },
  },
  {
    type: "PORTAL", name: "portal", title: "Client portal", description: "The client's self-service portal",
    image: "nginx:1.27-alpine",
    volumes: [{ name: "content", target: "/usr/share/nginx/html" }],
    ports: [{ container: 80 }], httpPort: 80, subdomain: "portal", sso: true,
    healthcheck: { test: ["CMD", "wget", "-qO-", "http://localhost/"], intervalSeconds: 30, timeoutSeconds: 5, retries: 3 },
    resources: { memoryMb: 128, cpus: 0.5 },
  },
  {
    type: "WEBSITE", name: "website", title: "Corporate website", description: "Static corporate site (nginx)",
    image: "nginx:1.27-alpine",
    volumes: [{ name: "content", target: "/usr/share/nginx/html" }],
    ports: [{ container: 80 }], httpPort: 80, subdomain: "www",
    healthcheck: { test: ["CMD", "wget", "-qO-", "http://localhost/"], intervalSeconds: 30, timeoutSeconds: 5, retries: 3 },
    resources: { memoryMb: 128, cpus: 0.5 },
  },
  {
    type: "MONITORING", name: "grafana", title: "Monitoring (Grafana)", description: "Dashboards for the client's services",
    image: "grafana/grafana:11.3.0",
    env: { GF_SECURITY_ADMIN_PASSWORD: "${secret:admin_password}", GF_SERVER_ROOT_URL: "https://${host}/" },
    secrets: ["admin_password"],
    volumes: [{ name: "data", target: "/var/lib/grafana" }],
    ports: [{ container: 3000 }], httpPort: 3000, subdomain: "monitor", sso: true,
    healthcheck: { test: ["CMD", "wget", "-qO-", "http://localhost:3000/api/health"], intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 30 },
    resources: { memoryMb: 256, cpus: 0.5 },
  },
  {
    type: "DNS", name: "dns", title: "DNS (CoreDNS)", description: "Authoritative DNS for the client's internal names",
    image: "coredns/coredns:1.11.3",
    command: ["-conf", "/etc/coredns/Corefile"],
    volumes: [{ name: "config", target: "/etc/coredns" }],
    ports: [{ container: 53, protocol: "udp" }, { container: 53, protocol: "tcp" }],
    resources: { memoryMb: 64, cpus: 0.25 },
  },
  {
    // Mailcow is a compose stack of many containers; this template is its Postfix container, the
    // MTA the MX record points at. The rest of the stack is not modelled (ADR 019).
    type: "EMAIL", name: "mail", title: "E-mail (Mailcow)", description: "Mailcow's Postfix MTA for the client's domain",
    image: "mailcow/postfix:1.80",
    env: { MAILCOW_HOSTNAME: "${host}", DBPASS: "${secret:db_password}" },
    secrets: ["db_password"],
    volumes: [{ name: "spool", target: "/var/spool/postfix" }, { name: "crypt", target: "/var/lib/zeyple" }],
    ports: [{ container: 25 }, { container: 587 }],
    subdomain: "mail",
    records: [{ name: "@", type: "MX", value: "mail.${domain}", priority: 10 }, { name: "@", type: "TXT", value: "v=spf1 mx -all" }],
    resources: { memoryMb: 512, cpus: 1 },
  },
  {
    type: "DATABASE", name: "db", title: "PostgreSQL", description: "PostgreSQL 16 for the client's applications",
    image: "postgres:16-alpine",
    env: { POSTGRES_PASSWORD: "${secret:password}", POSTGRES_USER: "app", POSTGRES_DB: "app" },
    secrets: ["password"],
    volumes: [{ name: "data", target: "/var/lib/postgresql/data" }],
    ports: [{ container: 5432 }],
    healthcheck: { test: ["CMD", "pg_isready", "-U", "app"], intervalSeconds: 10, timeoutSeconds: 5, retries: 5 },
    resources: { memoryMb: 1024, cpus: 1 },
  },
  {
    type: "CACHE", name: "cache", title: "Redis", description: "Redis 7 cache with a password",
    image: "redis:7-alpine",
    command: ["redis-server", "--requirepass", "${secret:password}", "--appendonly", "yes"],
    secrets: ["password"],
    volumes: [{ name: "data", target: "/data" }],
    ports: [{ container: 6379 }],
    healthcheck: { test: ["CMD", "redis-cli", "ping"], intervalSeconds: 10, timeoutSeconds: 5, retries: 5 },
    resources: { memoryMb: 256, cpus: 0.5 },
  },
];
