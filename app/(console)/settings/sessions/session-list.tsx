"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { signOutDeviceAction, signOutEverywhereAction } from "./actions";

type Device = {
  id: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: string;
  lastSeenAt: string;
  app: boolean;
  current: boolean;
};

const when = (iso: string) => iso.slice(0, 16).replace("T", " ") + " UTC";

export function SessionList({ sessions }: { sessions: Device[] }) {
  const router = useRouter();
  const toSignIn = () => router.replace("/signin");
  const [pending, start] = useTransition();
  const [error, setError] = useState("");
  const run = (fn: () => Promise<{ error?: string }>, after?: () => void) =>
    start(async () => {
      const res = await fn();
      if (res.error) setError(res.error);
      else after?.();
    });
  return (
    <div className="space-y-3">
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800" aria-label="Signed-in devices">
        {sessions.map((s) => (
          <li key={s.id} data-testid="session" className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span className="min-w-0">
              <strong className="break-all">{s.userAgent ?? "Unknown device"}</strong>
              {s.current && (
                <span className="ml-2 rounded bg-emerald-100 px-1.5 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100">
                  This device
                </span>
              )}
              {s.app && <span className="ml-2 rounded bg-slate-100 px-1.5 dark:bg-slate-800">App</span>}
              <br />
              <span className="text-slate-500">
                {s.ipAddress ?? "unknown IP"} · signed in {when(s.createdAt)} · last seen {when(s.lastSeenAt)}
              </span>
            </span>
            <button
              disabled={pending}
              className="text-red-600"
              onClick={() =>
                confirm(s.current ? "Sign out this device?" : "Sign out this device? It will have to sign in again.") &&
                run(() => signOutDeviceAction(s.id), s.current ? toSignIn : undefined)
              }
            >
              Sign out
            </button>
          </li>
        ))}
      </ul>
      <button
        disabled={pending}
        className="rounded-md border border-red-600 px-3 py-1.5 text-red-600"
        onClick={() => confirm("Sign out every device, this one included?") && run(signOutEverywhereAction, toSignIn)}
      >
        Sign out everywhere
      </button>
    </div>
  );
}
