import { TryAgain } from "./try-again";

// Served by the service worker (worker/sw.ts) when a page cannot be loaded. It is precached:
// no session, no data, nothing that needs the server. Rendered per request all the same, for the
// CSP nonce of its scripts (proxy.ts); the precached copy keeps its matching CSP header.
export const metadata = { title: "Offline" };

export default function OfflinePage() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-4 p-6">
      <h1 className="text-2xl font-semibold">You are offline</h1>
      <p data-testid="offline-message">
        SecureNexus Control cannot reach its server, so this page could not be loaded. Nothing you see here is live:
        services, clients, backups and alerts need a connection.
      </p>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        What still works: the app itself stays installed and opens, and pages you already have open keep what they last
        showed. No action is queued while offline, so nothing is sent later without you seeing it.
      </p>
      <TryAgain />
    </main>
  );
}
