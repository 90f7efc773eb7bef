"use client";
import { startAuthentication } from "@simplewebauthn/browser";
import { startTransition, useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
import {
  stepUpMethodsAction,
  stepUpPasskeyAction,
  stepUpPasskeyOptionsAction,
  stepUpPasswordAction,
} from "./step-up-actions";
import { isStepUpRequired } from "@/lib/auth/step-up/step-up-required";

// Step-up in the browser (docs/decisions/015-step-up.md). When a destructive action answers
// STEP_UP_REQUIRED (a server action's `stepUp: true`, or a GraphQL error with extensions.details
// .reason), this dialog asks for a passkey (the device's biometric prompt) or the password, then
// the caller runs the action again. Three ways to use it:
// - <StepUpDialog onConfirmed onCancel />: the dialog itself;
// - useStepUp(): `withStepUp(call)` runs call, asks once when needed, runs it again (exec panel);
// - useStepUpForm(action) for useActionState forms: keeps the submitted FormData to resubmit it.

const button = "rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700";
const input = "rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";

export function StepUpDialog({ onConfirmed, onCancel }: { onConfirmed: () => void; onCancel: () => void }) {
  const titleId = useId();
  const [methods, setMethods] = useState<{ password: boolean; passkey: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void stepUpMethodsAction().then((r) => (r.error !== undefined ? setError(r.error) : setMethods(r.ok)));
  }, []);

  const passkey = async () => {
    setBusy(true);
    setError(null);
    try {
      const options = await stepUpPasskeyOptionsAction();
      if (options.error !== undefined) return setError(options.error);
      let response;
      try {
        response = await startAuthentication({ optionsJSON: options.ok });
      } catch (err) {
        return setError(`No passkey confirmation: ${(err as Error).message}`);
      }
      const r = await stepUpPasskeyAction(response);
      if (r.error !== undefined) return setError(r.error);
      onConfirmed();
    } finally {
      setBusy(false);
    }
  };
  const password = async (form: FormData) => {
    setBusy(true);
    setError(null);
    const r = await stepUpPasswordAction(String(form.get("password") ?? ""));
    setBusy(false);
    if (r.error !== undefined) return setError(r.error);
    onConfirmed();
  };

  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      className="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-4"
    >
      <div className="w-full max-w-sm space-y-3 rounded-lg bg-white p-4 shadow-lg dark:bg-slate-900">
        <p id={titleId} className="font-medium">
          Confirm it is you
        </p>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          This is a sensitive action (it deletes something, or gives a role or a new credential). Confirm with a passkey
          or your password; it counts for 5 minutes on this device.
        </p>
        {methods === null && !error && <p className="text-sm">Loading…</p>}
        {methods?.passkey && (
          <button type="button" disabled={busy} onClick={() => void passkey()} className={`${button} w-full`}>
            Use a passkey
          </button>
        )}
        {methods?.password && (
          <form action={(f) => void password(f)} className="flex flex-wrap items-end gap-2">
            <label className="flex grow flex-col text-sm">
              Password
              <input name="password" type="password" required autoComplete="current-password" className={input} />
            </label>
            <button disabled={busy} className={button}>
              Confirm
            </button>
          </form>
        )}
        {methods && !methods.passkey && !methods.password && (
          <p className="text-sm">
            This account has neither a password nor a passkey here: add a passkey in Settings → Security.
          </p>
        )}
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        <button type="button" onClick={onCancel} className={button}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** Imperative use: `await withStepUp(() => call())` asks once when the answer needs a step-up. */
export function useStepUp(): {
  withStepUp: <T>(call: () => Promise<T>, needsStepUp?: (r: T) => boolean) => Promise<T>;
  dialog: ReactNode;
} {
  const [pending, setPending] = useState<((ok: boolean) => void) | null>(null);
  const ask = useCallback(() => new Promise<boolean>((resolve) => setPending(() => resolve)), []);
  const close = (ok: boolean) => {
    pending?.(ok);
    setPending(null);
  };
  const withStepUp = useCallback(
    async <T,>(call: () => Promise<T>, needsStepUp: (r: T) => boolean = answerNeedsStepUp) => {
      try {
        const first = await call();
        return needsStepUp(first) && (await ask()) ? call() : first;
      } catch (err) {
        if (isStepUpRequired(err) && (await ask())) return call();
        throw err;
      }
    },
    [ask],
  );
  return {
    withStepUp,
    dialog: pending ? <StepUpDialog onConfirmed={() => close(true)} onCancel={() => close(false)} /> : null,
  };
}

/** A server action's state `{ stepUp: true }`, or a GraphQL answer whose errors carry the reason. */
export function answerNeedsStepUp(answer: unknown): boolean {
  const a = answer as { stepUp?: unknown; errors?: unknown[] } | null;
  return a?.stepUp === true || (Array.isArray(a?.errors) && a.errors.some(isStepUpRequired));
}

/**
 * For a useActionState form: wraps its dispatch so the submitted FormData is kept, and renders
 * the dialog when the state says `stepUp: true`; after the confirmation the same FormData is
 * submitted again (a form reset by React after its action loses nothing).
 */
export function useStepUpForm<S extends { stepUp?: boolean }>(state: S, dispatch: (form: FormData) => void) {
  const last = useRef<FormData | null>(null);
  const [handled, setHandled] = useState<S | null>(null);
  const action = useCallback(
    (form: FormData) => {
      last.current = form;
      dispatch(form);
    },
    [dispatch],
  );
  const dialog =
    state.stepUp && handled !== state ? (
      <StepUpDialog
        onConfirmed={() => {
          setHandled(state);
          if (last.current) startTransition(() => dispatch(last.current!));
        }}
        onCancel={() => setHandled(state)}
      />
    ) : null;
  return { action, dialog };
}
