import "server-only";
import { AppError, isAppError } from "../errors";

// Engine failures in the product's words: an engine that cannot be reached is UNAVAILABLE with
// a message a user can act on; a missing container is NOT_FOUND; a conflict stays CONFLICT.
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOENT",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EACCES",
]);

export function isDockerUnreachable(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return typeof code === "string" && UNREACHABLE.has(code);
}

export function dockerError(err: unknown, what: string): AppError {
  if (isAppError(err)) return err;
  if (isDockerUnreachable(err)) {
    return new AppError(
      "UNAVAILABLE",
      `Docker engine is not reachable (${(err as { code: string }).code}): ${what} is not possible right now`,
    );
  }
  const status = (err as { statusCode?: number } | null)?.statusCode;
  if (status === 404) return new AppError("NOT_FOUND", "Service not found");
  if (status === 409) return new AppError("CONFLICT", `${what}: ${dockerMessage(err)}`);
  return new AppError("UNAVAILABLE", `Docker engine error during ${what}: ${dockerMessage(err)}`);
}

function dockerMessage(err: unknown): string {
  const json = (err as { json?: { message?: string } } | null)?.json;
  return (json?.message ?? (err as Error)?.message ?? "unknown error").slice(0, 300);
}

/** Runs one engine call, turning its failure into an AppError. */
export async function viaDocker<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw dockerError(err, what);
  }
}
