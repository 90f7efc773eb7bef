import "server-only";
import { revalidatePath } from "next/cache";
import { isStepUpRequired } from "@/lib/auth/step-up/step-up-required";
import { isAppError } from "@/lib/errors";

// What every server action shares (docs/decisions/033-one-of-each-helper.md): reading a form
// field, running one domain call, and turning a refusal (AppError) into what the form shows.
// Anything else is a bug: it propagates and Next reports it. Here, not in app/, because the
// step-up dialog's actions (components/step-up-actions.ts) use it too and components/ never
// imports from app/. Client components import only its types (`import type`).

/** A refusal: the AppError's message, its field problems, and whether a step-up would let it through. */
export type Refusal = { ok?: undefined; error: string; fields?: Record<string, string>; stepUp?: boolean };

/** What a form's action hands back (useActionState). */
export type ActionState = {
  ok?: string;
  error?: string;
  /** problems per field, as the domain names them */
  fields?: Record<string, string>;
  /** a refused form's input handed back: React resets a form after its action */
  values?: Record<string, string>;
  /** the domain wants a fresh passkey/password confirmation first (components/step-up-dialog.tsx) */
  stepUp?: boolean;
};

/** The outcome of an action that returns data (passkey options, a service's status …). */
export type ActionResult<T> = { ok: T; error?: undefined; stepUp?: undefined } | Refusal;

/** A form field as trimmed text ("" when absent). */
export const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** The form's fields as text, to hand a refused form its input back (without `omit`, e.g. a password). */
export const formValues = (form: FormData, omit: readonly string[] = []) =>
  Object.fromEntries([...form].filter(([k]) => !omit.includes(k)).map(([k, v]) => [k, String(v)]));

/** An AppError as a refusal (`withCode`: "CODE: message"); anything else is rethrown. */
export function refusal(err: unknown, opts: { withCode?: boolean } = {}): Refusal {
  if (!isAppError(err)) throw err;
  const fields = (err.details as { fields?: Record<string, string> } | undefined)?.fields;
  return {
    error: opts.withCode ? `${err.code}: ${err.message}` : err.message,
    ...(fields ? { fields } : {}),
    ...(isStepUpRequired(err) ? { stepUp: true } : {}),
  };
}

type AttemptOptions = {
  /** pages to revalidate after a success */
  revalidate?: readonly string[];
  /** revalidate each path's layout (every page under it), not only the page */
  layout?: boolean;
  withCode?: boolean;
};

/** Runs one domain call: its result as `ok` (the pages in `revalidate` refreshed), a refusal as `error`. */
export async function attempt<T>(work: () => Promise<T>, opts: AttemptOptions = {}): Promise<ActionResult<T>> {
  try {
    const ok = await work();
    for (const path of opts.revalidate ?? []) revalidatePath(path, opts.layout ? "layout" : undefined);
    return { ok };
  } catch (err) {
    return refusal(err, opts);
  }
}
