import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";
import { NAV_ITEMS } from "../../components/nav-items";

// The console as its first administrator meets it: password sign-in (the admin was created at
// first start from ADMIN_EMAIL/ADMIN_PASSWORD), every area in the navigation, dark mode, the
// audit row of the sign-in, and the phone layout.

async function signIn(page: Page, login = E2E_ADMIN.email, password = E2E_ADMIN.password) {
  await page.goto("/signin");
  await page.getByLabel("Email or username").fill(login);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("an unsigned visitor is sent to the sign-in page; a wrong password is refused plainly", async ({ page }) => {
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, E2E_ADMIN.email, "not-the-password-at-all");
  await expect(page.getByRole("alert").filter({ hasText: /Wrong/ })).toHaveText(/Wrong email\/username or password/);
  await expect(page).toHaveURL(/\/signin/);
});

test("password sign-in, every area reachable, and the sign-in is in the audit log", async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByTestId("status-health")).toHaveText(/HEALTHY|DEGRADED/);

  const sidebar = page.getByTestId("sidebar");
  for (const item of NAV_ITEMS) {
    await sidebar.getByRole("link", { name: item.label, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${item.href === "/" ? "/$" : item.href + "$"}`));
    await expect(sidebar.getByRole("link", { name: item.label, exact: true })).toHaveAttribute("aria-current", "page");
    if (!item.ready) await expect(page.getByTestId("not-built")).toContainText(`${item.label} is not built yet`);
  }

  await page.goto("/audit?action=auth.signin&result=success");
  const row = page.getByTestId("audit-row").first();
  await expect(row).toContainText("auth.signin");
  await expect(row).toContainText(/success/i);
  // The failed attempt of the previous test is there too, as a failure.
  await page.goto("/audit?action=auth.signin&result=failure");
  await expect(page.getByTestId("audit-row").first()).toContainText("auth.signin");
});

test("dark mode follows the system and the toggle is remembered", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  await signIn(page);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  const isDark = () => page.evaluate(() => document.documentElement.classList.contains("dark"));
  expect(await isDark()).toBe(true);
  await page.getByTestId("theme-toggle").click();
  expect(await isDark()).toBe(false);
  await page.reload();
  expect(await isDark()).toBe(false); // the choice beats the system preference after a reload
  await context.close();
});

test("on a phone the navigation is a bottom bar", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page);
  await expect(page.getByTestId("bottom-nav")).toBeVisible();
  await expect(page.getByTestId("sidebar")).toBeHidden();
  await page.getByTestId("bottom-nav").getByRole("link", { name: "Audit" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await context.close();
});

test("GraphQL: unsigned is UNAUTHENTICATED, the signed-in session gets data", async ({ page, request }) => {
  const anon = await request.post("/api/graphql", { data: { query: "{ me { id } }" } });
  expect((await anon.json()).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  await signIn(page);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  const me = await page.evaluate(async () => {
    const res = await fetch("/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ me { email roles } }" }),
    });
    return res.json();
  });
  expect(me.data.me).toEqual({ email: E2E_ADMIN.email, roles: ["SUPER_ADMIN"] });
});
