import { AppError, isAppError } from "../../errors";

// The refusal a destructive action gives when its actor has not confirmed who they are in the
// last 5 minutes (lib/auth/step-up/step-up.ts). A FORBIDDEN with a reason, not a new error code: the
// actor may do it, just not yet; every door already treats FORBIDDEN as a denial (audit rows,
// HTTP 403), and clients tell this case apart by `reason` (GraphQL: extensions.details.reason).
// No server-only import: the browser's step-up dialog recognises the same shape.
export const STEP_UP_REQUIRED = "STEP_UP_REQUIRED";

export function stepUpRequiredError(): AppError {
  return new AppError("FORBIDDEN", "Confirm it is you (passkey or password) to do this", { reason: STEP_UP_REQUIRED });
}

/** True for the AppError above, or for a GraphQL error carrying it in extensions. */
export function isStepUpRequired(err: unknown): boolean {
  if (isAppError(err)) return err.code === "FORBIDDEN" && err.details?.reason === STEP_UP_REQUIRED;
  const ext = (err as { extensions?: { code?: unknown; details?: { reason?: unknown } } } | null)?.extensions;
  return ext?.code === "FORBIDDEN" && ext.details?.reason === STEP_UP_REQUIRED;
}
