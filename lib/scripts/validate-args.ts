import type { ScriptArg } from "./manifest";
import { AppError } from "../errors";

// Positional strings (the seed's `args: [String!]`) checked against the script's schema, in
// order. Each refusal is a VALIDATION naming the argument, so a form can show it by its field.

const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_LENGTH = 4096;

function refuse(arg: string, message: string): never {
  throw new AppError("VALIDATION", `${arg}: ${message}`, { fields: { [arg]: message } });
}

function checkOne(spec: ScriptArg, value: string): void {
  if (value.length > MAX_LENGTH) refuse(spec.name, `at most ${MAX_LENGTH} characters`);
  // Control characters (newline, NUL, escape) have no business in an operator's argument.
  if (CONTROL.test(value)) refuse(spec.name, "must not contain control characters (newline, tab …)");
  if (value.startsWith("-") && !spec.allowDash)
    refuse(spec.name, 'must not start with "-" (it would be read as an option)');
  if (spec.type === "integer") {
    if (!/^-?\d{1,15}$/.test(value)) refuse(spec.name, "must be a whole number");
    const n = Number(value);
    if (spec.min !== undefined && n < spec.min) refuse(spec.name, `must be at least ${spec.min}`);
    if (spec.max !== undefined && n > spec.max) refuse(spec.name, `must be at most ${spec.max}`);
  } else if (spec.type === "enum") {
    if (!spec.enum?.includes(value)) refuse(spec.name, `must be one of ${spec.enum?.join(", ")}`);
  } else {
    if (spec.min !== undefined && value.length < spec.min) refuse(spec.name, `at least ${spec.min} characters`);
    if (spec.max !== undefined && value.length > spec.max) refuse(spec.name, `at most ${spec.max} characters`);
    if (spec.pattern && !new RegExp(spec.pattern, "u").test(value)) refuse(spec.name, `must match ${spec.pattern}`);
  }
}

/** Returns the values by argument name (for the audit row); throws VALIDATION on the first bad one. */
export function validateArgs(schema: ScriptArg[], values: string[]): Record<string, string> {
  if (values.length > schema.length) {
    throw new AppError("VALIDATION", `args: takes at most ${schema.length} argument(s), got ${values.length}`, {
      fields: { args: "too many arguments" },
    });
  }
  const named: Record<string, string> = {};
  schema.forEach((spec, i) => {
    const value = values[i];
    if (value === undefined) {
      if (spec.required) refuse(spec.name, "is required");
      return;
    }
    checkOne(spec, value);
    named[spec.name] = value;
  });
  return named;
}
