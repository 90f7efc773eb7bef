"use client";
import { useState, useTransition } from "react";
import { clientStatusAction } from "./actions";

export function ClientStatusRefresh({ id, initial }: { id: string; initial: string }) {
  const [status, setStatus] = useState(initial);
  const [pending, start] = useTransition();
  return (
    <p>
      Status: <strong data-testid="client-status">{status}</strong>{" "}
      <button disabled={pending} className="text-sm underline"
        onClick={() => start(async () => { const r = await clientStatusAction(id); if (r.status) setStatus(r.status); })}>
        Refresh
      </button>
    </p>
  );
}
