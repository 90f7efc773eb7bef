"use client";
import { useState, useTransition } from "react";
import { deleteRoleMappingAction, setRoleMappingAction } from "./role-mapping-actions";
import type { ActionState } from "@/components/action-state";

// Settings → Roles mapping (SUPER_ADMIN): Authentik group names → roles, applied at sign-in and
// by the periodic sync. A client role's pattern holds {domain} (e.g. client-{domain}-admins).
const ROLES = ["SUPER_ADMIN", "DEVELOPER", "CLIENT_ADMIN", "CLIENT_USER"] as const;
const input = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
const button = "rounded-md border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-700";

type Mapping = { pattern: string; role: string };

export function RoleMapping({
  mappings,
  source,
}: {
  mappings: Mapping[];
  source: "database" | "environment" | "default";
}) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionState>({});
  // bumped after every answer: a refused change re-renders the select with the stored role
  const [version, setVersion] = useState(0);
  const run = (work: () => Promise<ActionState>) =>
    start(async () => {
      setResult(await work());
      setVersion((v) => v + 1);
    });

  return (
    <div className="space-y-3">
      {source !== "database" && (
        <p className="text-sm text-slate-500">
          In force: the {source === "environment" ? "OIDC_GROUP_MAPPING environment variable" : "built-in default"}. The
          first change here stores it with your change; from then on this list is the mapping.
        </p>
      )}
      <table className="text-sm" aria-label="Roles mapping">
        <thead>
          <tr className="text-left">
            <th className="pr-4">Authentik group</th>
            <th className="pr-4">Role</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {mappings.map((m) => (
            <tr key={m.pattern} data-testid="role-mapping">
              <td className="pr-4 font-mono">{m.pattern}</td>
              <td className="pr-4">
                <select
                  key={`${m.role}:${version}`}
                  aria-label={`Role for ${m.pattern}`}
                  defaultValue={m.role}
                  disabled={pending}
                  className={input}
                  onChange={(e) => run(() => setRoleMappingAction(m.pattern, e.target.value))}
                >
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>
                <button
                  disabled={pending}
                  className={`${button} text-red-700 dark:text-red-400`}
                  onClick={() =>
                    confirm(
                      `Remove the mapping for “${m.pattern}”? Its members lose ${m.role} at their next sign-in or sync.`,
                    ) && run(() => deleteRoleMappingAction(m.pattern))
                  }
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        aria-label="Add a group mapping"
        className="flex flex-wrap items-end gap-2"
        action={(f) => run(() => setRoleMappingAction(String(f.get("pattern") ?? ""), String(f.get("role") ?? "")))}
      >
        <label className="flex flex-col text-sm">
          Group (or pattern with {"{domain}"})
          <input
            name="pattern"
            required
            maxLength={255}
            placeholder="ops or client-{domain}-admins"
            className={input}
          />
        </label>
        <label className="flex flex-col text-sm">
          Role
          <select name="role" defaultValue="DEVELOPER" className={input}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button disabled={pending} className={button}>
          Add mapping
        </button>
      </form>
      {result.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {result.error}
        </p>
      )}
      {result.ok && (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          {result.ok}
        </p>
      )}
    </div>
  );
}
