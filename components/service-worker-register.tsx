"use client";
import { useEffect } from "react";

/** Registers the service worker (public/sw.js, built from worker/sw.ts) in production builds.
 *  Dev servers never get one: a worker caching dev chunks makes hot reload lie. */
export function ServiceWorkerRegister() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((err: unknown) => {
      // The console works without it (no install, no offline page); say why in the console.
      console.error("Service worker registration failed", err);
    });
  }, []);
  return null;
}
