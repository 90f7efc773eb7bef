import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { PERMISSIONS, type Permission } from "../auth/permissions";
import { config } from "../config";
import { AppError } from "../errors";

// The allowlist of operator scripts: only what SCRIPTS_DIR/scripts.json declares can run, with
// the argument schema, permission and timeout declared there. Read on each use (a small file),
// so an operator's edit applies without a restart.

const argSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_-]*$/i),
    type: z.enum(["string", "integer", "enum"]),
    description: z.string().optional(),
    pattern: z.string().optional(),
    enum: z.array(z.string()).min(1).optional(),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
    required: z.boolean().default(false),
    /** a value starting with "-" is refused unless this is set (option smuggling) */
    allowDash: z.boolean().default(false),
  })
  .refine((a) => a.type !== "enum" || a.enum, "an enum argument needs its values");

const scriptSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  file: z.string().regex(/^[A-Za-z0-9._-]+$/, "a file name inside SCRIPTS_DIR"),
  description: z.string().default(""),
  permission: z.string().refine((p): p is Permission => p in PERMISSIONS, "not a known permission"),
  timeoutMs: z.number().int().min(100).max(600_000),
  /** pass "--" before the arguments so none is read as an option (scripts skip it) */
  endOfOptions: z.boolean().default(true),
  args: z.array(argSchema).max(32).default([]),
});

const manifestSchema = z.object({ scripts: z.array(scriptSchema) });

export type ScriptArg = z.infer<typeof argSchema>;
export type ScriptDef = Omit<z.infer<typeof scriptSchema>, "permission"> & { permission: Permission };

export function scriptsDir(): string {
  return config().SCRIPTS_DIR;
}

/** Every declared script. A missing or broken manifest is UNAVAILABLE with the reason. */
export async function loadManifest(): Promise<ScriptDef[]> {
  const file = path.join(scriptsDir(), "scripts.json");
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, "utf8"));
  } catch (err) {
    throw new AppError("UNAVAILABLE", `Scripts manifest ${file} cannot be read: ${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new AppError("UNAVAILABLE", `Scripts manifest ${file} is invalid: ${why}`);
  }
  return parsed.data.scripts as ScriptDef[];
}

/** The script's executable, which must stay inside SCRIPTS_DIR (no symlink escape). */
export async function scriptPath(def: ScriptDef): Promise<string> {
  const dir = await fs.realpath(scriptsDir());
  let real: string;
  try {
    real = await fs.realpath(path.join(dir, def.file));
  } catch {
    throw new AppError("UNAVAILABLE", `Script ${def.name}: ${def.file} is missing`);
  }
  if (path.relative(dir, real).startsWith(".."))
    throw new AppError("UNAVAILABLE", `Script ${def.name}: ${def.file} is outside SCRIPTS_DIR`);
  return real;
}
