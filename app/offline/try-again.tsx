"use client";

/** Reloads the address the user asked for: the offline page is shown in place of that page
 *  (the URL stays), so a full reload goes through the worker to the network again. */
export function TryAgain() {
  return (
    <button
      type="button"
      onClick={() => window.location.reload()}
      className="self-start rounded-md bg-slate-900 px-3 py-2 text-white dark:bg-slate-100 dark:text-slate-900"
    >
      Try again
    </button>
  );
}
