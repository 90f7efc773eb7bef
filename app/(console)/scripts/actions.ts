"use server";
import { requireActor } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { executeScript, listScripts, type ScriptResult } from "@/lib/scripts/execute-script";

export type ScriptFormState = { result?: ScriptResult; error?: string; field?: string; values?: Record<string, string> };

/** Runs a script from its generated form: fields in schema order become the positional args,
 *  trailing empty optional fields are left out. The domain validates, runs and audits. */
export async function runScriptAction(name: string, _prev: ScriptFormState, form: FormData): Promise<ScriptFormState> {
  const actor = await requireActor();
  const values: Record<string, string> = {};
  try {
    const def = (await listScripts({ actor })).find((s) => s.name === name);
    if (!def) return { error: `No script named ${name}` };
    const args = def.args.map((a) => {
      const v = String(form.get(`arg:${a.name}`) ?? "");
      values[a.name] = v;
      return v;
    });
    while (args.length > 0 && args[args.length - 1] === "" && !def.args[args.length - 1]!.required) args.pop();
    return { result: await executeScript({ actor, name, args }), values };
  } catch (err) {
    if (!isAppError(err)) throw err;
    const field = Object.keys((err.details?.fields as Record<string, string> | undefined) ?? {})[0];
    return { error: `${err.code}: ${err.message}`, field, values };
  }
}
