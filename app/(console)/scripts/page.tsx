import { can } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/request/current-actor";
import { listScripts } from "@/lib/scripts/execute-script";
import { ScriptForm } from "./script-form";

export const metadata = { title: "Scripts" };
export const dynamic = "force-dynamic";

/** Allowlisted operator scripts (SCRIPTS_DIR/scripts.json), each with a form from its schema. */
export default async function ScriptsPage() {
  const actor = await requireActor();
  if (!can(actor, "script:execute")) {
    return (
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">Scripts</h1>
        <p>Running scripts needs the script:execute permission (SUPER_ADMIN or DEVELOPER).</p>
      </div>
    );
  }
  const scripts = await listScripts({ actor });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Scripts</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Only scripts declared in the manifest run, with checked arguments and no shell. Every run is in the audit log.
      </p>
      {scripts.length === 0 && <p>No scripts are declared.</p>}
      <ul className="space-y-6">
        {scripts.map((s) => (
          <li key={s.name} className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-800">
            <h2 className="font-mono text-lg font-semibold">{s.name}</h2>
            <p className="text-sm">
              {s.description} <span className="text-slate-500">(timeout {s.timeoutMs / 1000} s)</span>
            </p>
            <ScriptForm script={s} />
          </li>
        ))}
      </ul>
    </div>
  );
}
