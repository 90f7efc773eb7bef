import "server-only";

// operation_name comes from the client: left as is it would let anyone grow the label set
// without bound. Only plain names up to 64 characters are kept, and only the first
// MAX_OPERATION_NAMES distinct ones per process; every other operation is counted as "other".
export const MAX_OPERATION_NAMES = 200;
const NAME = /^[A-Za-z0-9_]{1,64}$/;

const g = globalThis as { __snxOperationNames?: Set<string> };

export function operationNameLabel(name: string | null | undefined): string {
  if (!name) return "anonymous";
  if (!NAME.test(name)) return "other";
  const seen = (g.__snxOperationNames ??= new Set());
  if (seen.has(name)) return name;
  if (seen.size >= MAX_OPERATION_NAMES) return "other";
  seen.add(name);
  return name;
}
