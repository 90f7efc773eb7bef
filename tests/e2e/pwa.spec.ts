import {
  chromium,
  expect,
  test,
  type APIRequestContext,
  type BrowserContext,
  type Page,
  type TestInfo,
} from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";

// The installable app: manifest + icons Chromium accepts, a service worker that precaches the
// shell, answers an offline page load with the offline page, and never stores API answers.

/** Width and height from a PNG's IHDR chunk (bytes 16..24). */
function pngSize(body: Buffer): string {
  expect(body.subarray(1, 4).toString("ascii")).toBe("PNG");
  return `${body.readUInt32BE(16)}x${body.readUInt32BE(20)}`;
}

async function fetchPng(request: APIRequestContext, url: string): Promise<string> {
  const res = await request.get(url);
  expect(res.status(), url).toBe(200);
  expect(res.headers()["content-type"]).toBe("image/png");
  return pngSize(await res.body());
}

async function signIn(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email or username").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
}

/** Every URL stored in any Cache Storage cache of the page's origin. */
async function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
    }
    return urls;
  });
}

async function graphqlMe(page: Page): Promise<string> {
  return page.evaluate(async () => {
    try {
      const res = await fetch("/api/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ me { username } }" }),
      });
      return `${res.status}`;
    } catch (err) {
      return `failed: ${(err as Error).name}`;
    }
  });
}

/** Chromium refuses to install from an incognito profile (Playwright's default contexts are
 *  incognito-like): the install check needs a real, persistent profile. */
async function persistentContext(testInfo: TestInfo): Promise<BrowserContext> {
  // Inside the test's output folder, which Playwright empties on the next run.
  const { launchOptions, baseURL } = testInfo.project.use;
  return chromium.launchPersistentContext(testInfo.outputPath("profile"), { ...launchOptions, baseURL });
}

test("Chromium can install the app: manifest, icons, service worker", async ({ request }, testInfo) => {
  const context = await persistentContext(testInfo);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto("/signin");
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });

  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  expect(installabilityErrors).toEqual([]);
  const parsed = await cdp.send("Page.getAppManifest");
  expect(parsed.errors).toEqual([]);

  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBe("/manifest.webmanifest");
  const manifest = (await (await request.get(href!)).json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    theme_color: string;
    icons: { src: string; sizes: string; purpose: string }[];
    shortcuts: { url: string }[];
  };
  expect(manifest).toMatchObject({
    name: "SecureNexus Control",
    short_name: "SecureNexus",
    start_url: "/",
    display: "standalone",
    theme_color: "#0f172a",
  });
  expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual([
    "192x192 any",
    "512x512 any",
    "512x512 maskable",
  ]);
  for (const icon of manifest.icons) expect(await fetchPng(request, icon.src)).toBe(icon.sizes);
  expect(manifest.shortcuts.map((s) => s.url)).toEqual(["/", "/services", "/clients", "/audit"]);

  // Home-screen install on iOS reads these instead of the manifest.
  const appleIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute("href");
  expect(await fetchPng(request, appleIcon!)).toBe("180x180");
  await expect(page.locator('meta[name="apple-mobile-web-app-title"]')).toHaveAttribute("content", "SecureNexus");

  // The worker itself is always revalidated and may control the whole origin.
  const sw = await request.get("/sw.js");
  expect(sw.status()).toBe(200);
  expect(sw.headers()["service-worker-allowed"]).toBe("/");
  expect(sw.headers()["cache-control"]).toContain("no-cache");
  await context.close();
});

test("offline, a console page shows the offline page; API answers are never cached", async ({ page, context }) => {
  await signIn(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.goto("/clients");
  await expect(page.getByRole("heading", { name: "Clients" })).toBeVisible();

  // Online, GraphQL goes to the server, not through the worker.
  const [response, status] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/graphql") && r.request().method() === "POST"),
    graphqlMe(page),
  ]);
  expect(status).toBe("200");
  expect(response.fromServiceWorker()).toBe(false);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { name: "You are offline" })).toBeVisible();
  await expect(page.getByTestId("offline-message")).toContainText("cannot reach its server");
  // The page URL stays the one the user asked for; only the content is the fallback.
  expect(new URL(page.url()).pathname).toBe("/clients");

  // Offline, GraphQL fails: there is no cached answer to serve.
  expect(await graphqlMe(page)).toBe("failed: TypeError");

  const urls = await cachedUrls(page);
  expect(urls).toContain("/offline");
  expect(urls.some((u) => u.startsWith("/_next/static/chunks/"))).toBe(true);
  expect(urls.filter((u) => /^\/(api|graphql|health|metrics)(\/|$)/.test(u))).toEqual([]);
  // Signed-in pages are never stored either (they hold one user's data).
  expect(urls).not.toContain("/clients");

  // Back online, the offline page's own button (hydrated from precached chunks) recovers.
  await context.setOffline(false);
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { name: "Clients" })).toBeVisible();
});
