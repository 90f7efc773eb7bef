"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { subscribeSse } from "../../services/graphql-sse";

/** Re-renders the client page when the client's status or one of its services changes: two
 *  streams (a subscription has one root field), refreshes coalesced to one per 500 ms. */
export function ClientLive({ clientId, watchServices }: { clientId: string; watchServices: boolean }) {
  const router = useRouter();
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = null;
        router.refresh();
      }, 500);
    };
    void subscribeSse(
      "subscription($c: ID) { clientStatusChanged(clientId: $c) { id status } }",
      () => ({ c: clientId }),
      refresh,
      abort.signal,
    );
    if (watchServices)
      void subscribeSse(
        "subscription($f: ServiceFilter) { serviceStatusChanged(filter: $f) { id status } }",
        () => ({ f: { clientId } }),
        refresh,
        abort.signal,
      );
    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [clientId, router, watchServices]);
  return (
    <span className="text-xs text-slate-500" data-testid="live-indicator">
      ● live
    </span>
  );
}
