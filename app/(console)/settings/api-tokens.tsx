"use client";
import { useActionState, useTransition } from "react";
import { useStepUpForm } from "@/components/step-up-dialog";
import { createTokenAction, revokeTokenAction, type TokenState } from "./actions";

type Token = {
  id: string;
  name: string;
  prefix: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
};

export function ApiTokens({ tokens }: { tokens: Token[] }) {
  const [state, dispatch, pending] = useActionState<TokenState, FormData>(createTokenAction, {});
  // a new token asks for a confirmation unless this device signed in in the last 5 minutes (ADR 027)
  const { action: create, dialog } = useStepUpForm(state, dispatch);
  const [revoking, startRevoke] = useTransition();
  const input = "rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";
  return (
    <div className="space-y-3">
      <form action={create} className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          Name
          <br />
          <input name="name" required maxLength={100} className={input} />
        </label>
        <label className="text-sm">
          Expires in (days)
          <br />
          <input name="expiresInDays" type="number" min={1} max={365} defaultValue={90} className={input} />
        </label>
        <button
          disabled={pending}
          className="rounded-md bg-slate-900 px-3 py-1.5 text-white dark:bg-slate-100 dark:text-slate-900"
        >
          Create token
        </button>
      </form>
      {dialog}
      {state.error && !state.stepUp && (
        <p role="alert" className="text-sm text-red-600">
          {state.error}
        </p>
      )}
      {state.token && (
        <p className="rounded-md bg-amber-50 p-2 text-sm dark:bg-amber-950">
          Copy it now, it is shown once:{" "}
          <code data-testid="new-token" className="break-all">
            {state.token}
          </code>
        </p>
      )}
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-500">No tokens yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
          {tokens.map((t) => (
            <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <strong>{t.name}</strong> <code>{t.prefix}…</code> · expires {t.expiresAt.slice(0, 10)}
                {t.lastUsedAt ? ` · last used ${t.lastUsedAt.slice(0, 16).replace("T", " ")}` : ""}
              </span>
              {t.revokedAt ? (
                <span className="text-slate-500">revoked</span>
              ) : (
                <button
                  disabled={revoking}
                  className="text-red-600"
                  onClick={() =>
                    confirm(`Revoke token “${t.name}”? Scripts using it stop working.`) &&
                    startRevoke(async () => void (await revokeTokenAction(t.id)))
                  }
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
