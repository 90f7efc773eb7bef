import { LABEL_SERVICE_TYPE } from "../docker/labels";

// The seed's ServiceType plus OTHER: a container whose label and image say nothing we know
// (an operator's own tool) must still be listed, and naming it WEBSITE or ERP would be a lie.
export const SERVICE_TYPES = [
  "ERP",
  "PORTAL",
  "WEBSITE",
  "MONITORING",
  "DNS",
  "EMAIL",
  "DATABASE",
  "CACHE",
  "OTHER",
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

const BY_IMAGE: [RegExp, ServiceType][] = [
  [/postgres|mysql|mariadb|mongo|cockroach|timescale|clickhouse/, "DATABASE"],
  [/redis|valkey|memcached|keydb/, "CACHE"],
  [/prometheus|grafana|alertmanager|exporter|loki|uptime-kuma|netdata|zabbix/, "MONITORING"],
  [/coredns|bind9|powerdns|pdns|unbound|dnsmasq/, "DNS"],
  [/postfix|dovecot|mailu|mailcow|roundcube|rspamd|mail/, "EMAIL"],
  [/odoo|erpnext|dolibarr|erp/, "ERP"],
  [/authentik|keycloak|nextcloud|portal/, "PORTAL"],
  [/nginx|httpd|apache|caddy|traefik|wordpress|ghost|website/, "WEBSITE"],
];

/** From the `securenexus.service.type` label, else inferred from the image name. */
export function serviceTypeOf(labels: Record<string, string> | undefined | null, image: string): ServiceType {
  const label = labels?.[LABEL_SERVICE_TYPE]?.toUpperCase();
  if (label && (SERVICE_TYPES as readonly string[]).includes(label)) return label as ServiceType;
  const name = image.toLowerCase().split("@")[0] ?? "";
  return BY_IMAGE.find(([re]) => re.test(name))?.[1] ?? "OTHER";
}
