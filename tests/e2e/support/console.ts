import { expect, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../../../playwright.config";

/** Signs in with the first administrator's password and waits for the dashboard. */
export async function signInAsAdmin(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email or username").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible({ timeout: 30_000 }); // the first sign-in warms the server
}

/** True when the page is no wider than the viewport (no horizontal scrolling on a phone). */
export function fitsViewport(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}
