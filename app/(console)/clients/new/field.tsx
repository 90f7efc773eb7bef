import type { Fields } from "./wizard-steps";

export const field =
  "w-full rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";

/** A field's own error, under it, tied to the input by aria-describedby. */
export function FieldError({ id, fields, name }: { id: string; fields: Fields; name: string }) {
  return fields[name] ? (
    <p id={id} data-testid={`field-error-${name}`} className="text-sm text-red-700 dark:text-red-400">
      {fields[name]}
    </p>
  ) : null;
}
