"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { subscribeSse } from "./graphql-sse";

/** Re-renders the page when a service it shows changes status: one stream per page, refreshes
 *  coalesced to one per 500 ms. */
export function LiveRefresh({ serviceId }: { serviceId?: string }) {
  const router = useRouter();
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | null = null;
    subscribeSse(
      "subscription($f: ServiceFilter) { serviceStatusChanged(filter: $f) { id status } }",
      () => ({ f: serviceId ? { id: serviceId } : null }),
      () => {
        timer ??= setTimeout(() => {
          timer = null;
          router.refresh();
        }, 500);
      },
      abort.signal,
    );
    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [router, serviceId]);
  return (
    <span className="text-xs text-slate-500" data-testid="live-indicator">
      ● live
    </span>
  );
}
