// Every area of the product, in the order of the seed. `ready` marks areas that are built.
export const NAV_ITEMS = [
  { href: "/", label: "Dashboard", ready: true },
  { href: "/clients", label: "Clients", ready: true },
  { href: "/services", label: "Services", ready: true },
  { href: "/users", label: "Users", ready: true },
  { href: "/groups", label: "Groups", ready: true },
  { href: "/monitoring", label: "Monitoring", ready: false },
  { href: "/backups", label: "Backups", ready: false },
  { href: "/dns", label: "DNS", ready: true },
  { href: "/audit", label: "Audit", ready: true },
  { href: "/scripts", label: "Scripts", ready: true },
  { href: "/settings", label: "Settings", ready: true },
] as const;
