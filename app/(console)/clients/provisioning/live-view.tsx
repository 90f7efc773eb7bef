"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { graphqlFetch } from "../../services/graphql-fetch";
import { subscribeSse } from "../../services/graphql-sse";
import { ConfirmButton } from "./confirm-button";
import { retryProvisioningAction, rollbackProvisioningAction } from "./actions";
import { isMoving, PROGRESS_SUBSCRIPTION, RUN_QUERY, RUN_TITLE, STEP_ICON, STEP_TITLE, type RunView } from "./steps";

type Progress = { provisioningProgress: { step: string | null; status: string; percent: number; line: string | null } };

/**
 * A client's provisioning as it happens: the steps with their state, a percent bar, the log as it
 * streams (provisioningProgress), and for a failed run its error with "Retry from this step" and
 * "Roll back". Each event re-reads the run (coalesced), so the step list is always the stored one;
 * a slow poll covers an event lost between the first read and the stream's start.
 */
export function ProvisioningLiveView({
  clientId,
  initial,
  canManage,
  refreshPage = false,
}: {
  clientId: string;
  initial?: RunView | null;
  canManage: boolean;
  refreshPage?: boolean;
}) {
  const router = useRouter();
  const [run, setRun] = useState<RunView | null | undefined>(initial);
  const [streamed, setStreamed] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok?: string; error?: string }>({});
  const lastStatus = useRef(initial?.status);

  const reload = useCallback(async () => {
    try {
      const data = await graphqlFetch<{ clientProvisioning: RunView | null }>(RUN_QUERY, { c: clientId });
      setRun(data.clientProvisioning);
      setProblem(null);
      const status = data.clientProvisioning?.status;
      // The page around the view (status badge, services) changes when the run settles.
      if (refreshPage && status !== lastStatus.current && !isMoving(status)) router.refresh();
      lastStatus.current = status;
    } catch (err) {
      setProblem((err as Error).message);
    }
  }, [clientId, refreshPage, router]);

  const moving = run === undefined || isMoving(run?.status);
  useEffect(() => {
    if (!moving) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      timer ??= setTimeout(() => {
        timer = null;
        void reload();
      }, 250);
    };
    void subscribeSse<Progress>(
      PROGRESS_SUBSCRIPTION,
      () => ({ c: clientId }),
      (d) => {
        const line = d.provisioningProgress.line;
        if (line) setStreamed((s) => [...s.slice(-500), line]);
        soon();
      },
      abort.signal,
      (m) => setProblem(m),
    );
    const first = setTimeout(() => void reload(), 0);
    const poll = setInterval(() => void reload(), 5000);
    return () => {
      abort.abort();
      clearTimeout(first);
      clearInterval(poll);
      if (timer) clearTimeout(timer);
    };
  }, [clientId, moving, reload]);

  if (run === undefined) return <p className="text-sm text-slate-500">Loading provisioning…</p>;
  if (run === null) return <p className="text-sm text-slate-500">This client was created without provisioning.</p>;

  const log = [...run.log, ...streamed.filter((l) => !run.log.includes(l))];
  const failed = run.steps.find((s) => s.status === "FAILED");
  const act = async (work: () => Promise<{ ok?: string; error?: string }>) => {
    setMessage(await work());
    void reload();
  };
  return (
    <div className="space-y-3" data-testid="provisioning-view">
      <div className="flex flex-wrap items-baseline gap-x-3">
        <strong data-testid="provisioning-status">{RUN_TITLE[run.status] ?? run.status}</strong>
        <span className="text-sm text-slate-500" data-testid="provisioning-percent">
          {run.percent}%
        </span>
        {problem && (
          <span role="alert" className="text-sm text-amber-700 dark:text-amber-400">
            live updates interrupted: {problem}
          </span>
        )}
      </div>
      <div
        role="progressbar"
        aria-label="Provisioning progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={run.percent}
        className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
      >
        <div
          className={`h-full transition-all ${run.status === "FAILED" ? "bg-red-600" : "bg-blue-600"}`}
          style={{ width: `${run.percent}%` }}
        />
      </div>
      <ol className="space-y-1" aria-label="Provisioning steps">
        {run.steps.map((s) => {
          const look = STEP_ICON[s.status] ?? STEP_ICON.PENDING!;
          return (
            <li
              key={s.name}
              data-testid="provisioning-step"
              data-step={s.name}
              data-status={s.status}
              className="text-sm"
            >
              <div className="flex flex-wrap items-center gap-x-2">
                <span aria-hidden className={`inline-block w-4 text-center ${look.tone}`}>
                  {look.icon}
                </span>
                <span className="font-medium">{STEP_TITLE[s.name] ?? s.name}</span>
                <span className="text-slate-500">{s.status.toLowerCase().replace("_", " ")}</span>
                {s.skippedReason && <span className="text-slate-500">— {s.skippedReason}</span>}
              </div>
              {s.error && (
                <p role="alert" className="ml-6 break-words text-red-700 dark:text-red-400" data-testid="step-error">
                  {s.error}
                </p>
              )}
              {canManage && run.status === "FAILED" && s === failed && (
                <div className="ml-6 mt-1 flex flex-wrap gap-2">
                  <ConfirmButton
                    label="Retry from this step"
                    question={`Run the provisioning again from “${STEP_TITLE[s.name] ?? s.name}”?`}
                    onConfirm={() => act(() => retryProvisioningAction(clientId, s.name))}
                  />
                  <ConfirmButton
                    label="Roll back"
                    danger
                    question="Remove everything this provisioning created, in reverse order? The client ends deleted."
                    onConfirm={() => act(() => rollbackProvisioningAction(clientId))}
                  />
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {run.status === "FAILED" && run.error && !failed?.error && (
        <p role="alert" className="break-words text-sm text-red-700 dark:text-red-400">
          {run.error}
        </p>
      )}
      {message.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {message.error}
        </p>
      )}
      {message.ok && (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          {message.ok}
        </p>
      )}
      {run.status === "SUCCEEDED" && !refreshPage && (
        <p role="status" className="text-green-700 dark:text-green-400">
          Client ready.{" "}
          <Link href={`/clients/${clientId}`} className="font-medium underline" data-testid="open-client">
            Open the client
          </Link>
        </p>
      )}
      {run.status === "ROLLED_BACK" && (
        <p role="status">
          Rolled back: what the provisioning created was removed.{" "}
          <Link href="/clients" className="underline">
            Back to clients
          </Link>
        </p>
      )}
      <details open={isMoving(run.status) || run.status === "FAILED"}>
        <summary className="cursor-pointer text-sm">Log ({log.length} lines)</summary>
        <pre
          data-testid="provisioning-log"
          aria-live="polite"
          className="mt-1 max-h-72 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 text-xs dark:bg-slate-900"
        >
          {log.join("\n")}
        </pre>
      </details>
    </div>
  );
}
