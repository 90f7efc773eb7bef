import "server-only";
import { can, requirePermission, type Actor } from "../auth/actor";
import { AppError } from "../errors";
import { auditedCall, denyUnless } from "../kit";
import { loadManifest, scriptPath, scriptsDir, type ScriptDef } from "./manifest";
import { runProcess, type OutputListener, type ScriptResult } from "./run-process";
import { validateArgs } from "./validate-args";

// Allowlisted operator scripts: only a script declared in the manifest runs, with arguments
// checked against its schema, as an argv array (no shell), in SCRIPTS_DIR, with a minimal
// environment, a timeout and capped output. Every run is audited with its arguments by name
// (lib/audit redacts secret-looking names); a refused permission is recorded as denied.

export type { ScriptResult };
export type ScriptInfo = Pick<ScriptDef, "name" | "description" | "args" | "timeoutMs" | "permission">;

/** The scripts this actor may run. */
export async function listScripts({ actor }: { actor: Actor }): Promise<ScriptInfo[]> {
  requirePermission(actor, "script:execute");
  const all = await loadManifest();
  return all
    .filter((s) => can(actor, s.permission))
    .map(({ name, description, args, timeoutMs, permission }) => ({ name, description, args, timeoutMs, permission }));
}

/** Runs one script; `onOutput` receives its output while it runs (the live view on the Scripts
 *  page, see stream-script.ts), through the same checks and the same audit row. */
export async function executeScript({
  actor,
  name,
  args,
  onOutput,
}: {
  actor: Actor;
  name: string;
  args?: string[] | null;
  onOutput?: OutputListener;
}): Promise<ScriptResult> {
  const resource = { type: "script", id: name.slice(0, 100) };
  await denyUnless(actor, "script:execute", { action: "script.execute", resource });
  const def = (await loadManifest()).find((s) => s.name === name);
  if (!def) throw new AppError("NOT_FOUND", `No script named ${name.slice(0, 100)}`);
  await denyUnless(actor, def.permission, { action: "script.execute", resource });
  const named = validateArgs(def.args, args ?? []);
  const values = Object.values(named);
  const argv = def.endOfOptions ? ["--", ...values] : values;
  return auditedCall(
    actor,
    "script.execute",
    { type: "script", id: def.name },
    async () => {
      const result = await runProcess(await scriptPath(def), argv, {
        cwd: scriptsDir(),
        timeoutMs: def.timeoutMs,
        onOutput,
      });
      const details = {
        exitCode: result.exitCode,
        timedOut: result.timedOut,
        truncated: result.truncated,
        durationMs: result.durationMs,
      };
      return { result, failed: result.exitCode !== 0, details };
    },
    { details: { args: named } },
  );
}
