// The one error type of the domain layer. GraphQL maps `code` to `extensions.code`; route handlers
// map it to an HTTP status. Every other error is unexpected and stays masked.
export type ErrorCode =
  "NOT_FOUND" | "FORBIDDEN" | "UNAUTHENTICATED" | "VALIDATION" | "CONFLICT" | "RATE_LIMITED" | "UNAVAILABLE";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  VALIDATION: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError || (err instanceof Error && err.name === "AppError" && "code" in err);
}

/** Turns a zod error into a VALIDATION AppError whose details name each bad field. */
export function validationError(issues: { path: PropertyKey[]; message: string }[]): AppError {
  const fields = Object.fromEntries(issues.map((i) => [i.path.map(String).join(".") || "input", i.message]));
  const summary = Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join("; ");
  return new AppError("VALIDATION", `Invalid input: ${summary}`, { fields });
}
