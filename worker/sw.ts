/// <reference lib="webworker" />
// The service worker, built by workbox-webpack-plugin InjectManifest into public/sw.js during
// `next build --webpack` (next.config.ts). Why it caches what it does: docs/decisions/003.
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { CacheFirst, NetworkFirst } from "workbox-strategies";
import { ExpirationPlugin } from "workbox-expiration";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

const OFFLINE_URL = "/offline";

// The API, sign-in, health and metrics never go through the worker: answers are per user or
// live (GraphQL SSE streams), so a cached copy would be wrong or leak across sessions.
const BYPASS = [/^\/api\//, /^\/graphql(\/|$)/, /^\/health(\/|$)/, /^\/metrics(\/|$)/];

// Registered before any workbox route, so it runs first: stopping propagation keeps workbox's
// own fetch listener from seeing the request and the browser fetches it as if no worker existed.
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin === self.location.origin && BYPASS.some((re) => re.test(url.pathname))) {
    event.stopImmediatePropagation();
  }
});

// App shell: hashed static chunks plus the offline page and icons (added in next.config.ts).
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Pages: always from the network; their HTML is never stored (it holds one user's tenant data,
// and a shared device must not replay it after sign-out). When the network fails, the
// precached offline page answers instead of the browser's error page.
const pages = new NetworkFirst({
  cacheName: "pages",
  plugins: [
    { cacheWillUpdate: async () => null },
    { handlerDidError: async () => (await matchPrecache(OFFLINE_URL)) ?? Response.error() },
  ],
});
registerRoute(new NavigationRoute(pages, { denylist: BYPASS }));

// Static chunks not in the precache (another build's, or excluded): content-hashed, so a cached
// copy is never stale; bounded so an old build's chunks do not pile up.
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith("/_next/static/"),
  new CacheFirst({
    cacheName: "next-static",
    plugins: [new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true })],
  }),
);

// A new deployment takes over at once. Safe here because pages are never served from cache:
// every page comes from the server that also serves its chunks. See docs/decisions/003.
self.addEventListener("install", () => {
  void self.skipWaiting();
});
self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});
