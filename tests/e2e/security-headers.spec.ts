import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";

// The console sends its own security headers (proxy.ts, next.config.ts, lib/http/security-headers.ts):
// a nonce-based Content-Security-Policy that every page obeys with no violation, while the theme
// script and the service worker keep working.

const PAGES = [
  "/",
  "/clients",
  "/clients/new",
  "/services",
  "/services/host",
  "/users",
  "/groups",
  "/monitoring",
  "/backups",
  "/dns",
  "/audit",
  "/scripts",
  "/settings",
  "/settings/security",
  "/settings/sessions",
  "/offline",
];

type Violation = { directive: string; blocked: string; url: string };

test.beforeEach(async ({ context }) => {
  // Runs before any page script (Playwright injects it outside the page's CSP).
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: Violation[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      w.__csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI, url: location.pathname }),
    );
  });
});

const violations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: Violation[] }).__csp);

async function signIn(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email or username").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
}

test("every page carries a nonce CSP and the other security headers; a fresh nonce each time", async ({ page }) => {
  const first = await page.goto("/signin");
  const csp = first!.headers()["content-security-policy"] ?? "";
  const scriptSrc =
    csp
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith("script-src")) ?? "";
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "default-src 'self'"])
    expect(csp).toContain(directive);
  const headers = first!.headers();
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // served over plain http here (APP_URL http://localhost): no HSTS, which browsers ignore on http anyway
  expect(headers["strict-transport-security"]).toBeUndefined();

  const second = await page.goto("/signin");
  expect(second!.headers()["content-security-policy"]).not.toBe(csp);
  // the theme script carries this page's nonce
  const nonce = /'nonce-([^']+)'/.exec(second!.headers()["content-security-policy"]!)![1];
  expect(await page.evaluate(() => document.querySelector<HTMLScriptElement>("head script")?.nonce)).toBe(nonce);
});

test("no CSP violation on any console page, signed out or in", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  // "load", then a moment for hydration and first fetches (live pages keep an SSE stream open: never idle)
  const settle = () => page.waitForTimeout(1_000);
  for (const path of ["/signin", "/setup"]) {
    await page.goto(path);
    await settle();
    expect(await violations(page), path).toEqual([]);
  }
  await signIn(page);
  for (const path of PAGES) {
    await page.goto(path);
    await settle();
    expect(await violations(page), path).toEqual([]);
  }
  expect(errors).toEqual([]);
});

test("injected markup cannot run script: an inline handler is blocked and reported", async ({ page }) => {
  await page.goto("/signin");
  // what an HTML injection would add to a page
  await page.evaluate(() => {
    document.body.insertAdjacentHTML(
      "beforeend",
      `<img src="/icons/icon-192.png?x" onload="window.__injected = true">`,
    );
  });
  await expect
    .poll(() => violations(page))
    .toContainEqual(expect.objectContaining({ directive: "script-src-attr", blocked: "inline" }));
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
});

test("the theme script still applies dark mode before paint, and the service worker still registers", async ({
  browser,
}) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: Violation[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      w.__csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI, url: location.pathname }),
    );
  });
  const page = await context.newPage();
  await page.goto("/signin");
  expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
  await page.evaluate(() => localStorage.setItem("theme", "light"));
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(false);

  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(new URL("/", page.url()).toString());
  expect(await violations(page)).toEqual([]);
  await context.close();
});
