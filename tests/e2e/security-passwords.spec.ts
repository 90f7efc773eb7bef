import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";

// Passwords in the browser (docs/decisions/027-local-roles-credentials-passwords.md): the new-user
// form refuses a common password of 12+ characters and says why; the user changes their own
// password on Settings → Security with the current one, sees why a weak one is refused, and signs
// in with the new one.

async function signIn(page: Page, login: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email or username").fill(login);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // a new user holds no role yet (no Dashboard for them): signed in is the Sign out button
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 30_000 });
}

test("a weak password is refused with the reason; a user changes their own with the current one", async ({
  browser,
}) => {
  const name = `pat-${Date.now().toString(36)}`;
  const first = "plum orchard lantern 42";
  const next = "seven quiet herons at dusk";

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.goto("/users");
  await admin.getByText("New user", { exact: true }).click();
  const form = admin.getByRole("form", { name: "New user" });
  await form.getByLabel("Username").fill(name);
  await form.getByLabel("Email").fill(`${name}@example.test`);
  await form.getByLabel(/Password/).fill("password1234");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(admin.getByTestId("user-error")).toContainText("too easy to guess");
  await form.getByLabel(/Password/).fill(first);
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(admin.getByTestId("user-row").filter({ hasText: name })).toHaveCount(1);
  await adminContext.close();

  const userContext = await browser.newContext();
  const page = await userContext.newPage();
  await signIn(page, name, first);
  await page.goto("/settings/security");
  const change = page.getByRole("form", { name: "Change password" });
  await change.getByLabel("Current password").fill("not my password");
  await change.getByLabel(/New password/).fill(next);
  await change.getByRole("button", { name: "Change password" }).click();
  await expect(change.getByRole("alert")).toHaveText("The current password is wrong");

  await change.getByLabel("Current password").fill(first);
  await change.getByLabel(/New password/).fill("qwertyuiopasdf");
  await change.getByRole("button", { name: "Change password" }).click();
  await expect(change).toContainText(/too easy to guess: .+/);

  await change.getByLabel("Current password").fill(first);
  await change.getByLabel(/New password/).fill(next);
  await change.getByRole("button", { name: "Change password" }).click();
  await expect(change.getByRole("status")).toContainText("Password changed.");
  await userContext.close();

  const again = await (await browser.newContext()).newPage();
  await signIn(again, name, next);
});
