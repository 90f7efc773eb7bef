import type { z } from "zod";
import { validationError } from "../errors";

/**
 * Validates a domain function's input with its zod schema: the parsed data, or
 * AppError(VALIDATION) whose `details.fields` name each bad field by its path ("records.0.ttl").
 * `field` names the field when the schema checks one bare value (a timeout, a name).
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  options: { field?: string } = {},
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = options.field
    ? parsed.error.issues.map((i) => ({ ...i, path: [options.field!, ...i.path] }))
    : parsed.error.issues;
  throw validationError(issues);
}
