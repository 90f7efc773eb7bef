import { GLOBAL_ROLES, PERMISSIONS, ROLES, type Permission } from "./permissions";
import { OPERATIONS, type Operation } from "./operations";

// docs/security/permissions.md, printed from the two tables it describes (lib/auth/permissions.ts
// and lib/auth/operations.ts) by `npm run docs:permissions`. tests/unit/permissions-doc.test.ts
// fails when the committed page differs from this, so the page cannot drift from the code.

const SCOPE_TEXT: Record<Operation["scope"], string> = {
  client: "one client",
  own: "own account",
  installation: "installation",
};

function whoMay(op: Operation): string {
  if (op.needs === "public") return "anyone, signed in or not";
  if (op.needs === "signed-in") return "any signed-in user";
  const roles = PERMISSIONS[op.needs] as readonly string[];
  const held = ROLES.filter((r) => roles.includes(r));
  return held.length === ROLES.length ? "every role" : held.join(", ");
}

function requirement(op: Operation): string {
  if (op.needs === "public" || op.needs === "signed-in") return op.needs;
  return `\`${op.needs}\``;
}

function notes(op: Operation): string {
  const out: string[] = [];
  if (op.allWith)
    out.push(`\`${op.allWith}\` (${(PERMISSIONS[op.allWith] as readonly string[]).join(", ")}) reaches everyone's`);
  if (op.note) out.push(op.note);
  return out.join("; ");
}

/** `Query.x` and `action:app/…#f` as the page shows them. */
function door(key: string): string {
  return key.startsWith("action:") ? `\`${key.slice("action:".length)}\`` : `\`${key}\``;
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

export function renderPermissionsDoc(): string {
  const perms = Object.keys(PERMISSIONS) as Permission[];
  const lines = [
    "# Permissions: who may do what",
    "",
    "<!-- Printed by `npm run docs:permissions` from lib/auth/permissions.ts and lib/auth/operations.ts.",
    "     Do not edit by hand: tests/unit/permissions-doc.test.ts fails when this page and the code differ. -->",
    "",
    `Roles: ${ROLES.join(", ")}. ${GLOBAL_ROLES.join(" and ")} are global: they act on every client.`,
    "CLIENT_ADMIN and CLIENT_USER are held per client (a user may be admin of one client and user of",
    "another) and act only on the clients they hold that role for; another client's things are not",
    "found (NOT_FOUND) or refused (FORBIDDEN). A user with no role may still sign in and use the",
    'doors marked "signed-in". tests/integration/security-role-matrix.test.ts calls every door below',
    "as each role, inside and outside the client's scope, and expects exactly these answers.",
    "",
    "## Roles × permissions",
    "",
    `| Permission | ${ROLES.join(" | ")} |`,
    `|---|${ROLES.map(() => ":-:").join("|")}|`,
    ...perms.map(
      (p) =>
        `| \`${p}\` | ${ROLES.map((r) => ((PERMISSIONS[p] as readonly string[]).includes(r) ? "✓" : "")).join(" | ")} |`,
    ),
    "",
    "## Doors × permission",
    "",
    "Scope: *one client* — the roles act on a client's things only where they hold that role for the",
    "client (global roles: every client); *own account* — the caller's own tokens, sessions, passkeys",
    "and audit rows; *installation* — the whole installation, for whoever holds the permission.",
    "Step-up: a fresh password or passkey confirmation (5 minutes) is asked first.",
    "",
    "| Door | Needs | Who | Scope | Step-up | Notes |",
    "|---|---|---|---|:-:|---|",
    ...Object.entries(OPERATIONS)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([key, op]) =>
          `| ${cell(door(key))} | ${requirement(op)} | ${whoMay(op)} | ${SCOPE_TEXT[op.scope]} | ${op.stepUp ? "yes" : ""} | ${cell(notes(op))} |`,
      ),
    "",
  ];
  return lines.join("\n");
}
