import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";

// Managing people as the first administrator: create a user (12+ character password), find them
// with the filters, deactivate them, make a group and add them to it on the group's page.

test("an admin creates a user, filters, deactivates, opens a group page and adds a member", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email or username").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible({ timeout: 30_000 });

  const name = `eve-${Date.now().toString(36)}`;
  await page.getByTestId("sidebar").getByRole("link", { name: "Users", exact: true }).click();
  await page.getByText("New user", { exact: true }).click();
  const form = page.getByRole("form", { name: "New user" });
  await form.getByLabel("Username").fill(name);
  await form.getByLabel("Email").fill(`${name}@example.test`);
  await form.getByLabel("Full name").fill("Eve Example");
  // a short password is refused by the server too (the field's minLength is only a hint)
  await form.getByLabel(/Password/).evaluate((el: HTMLInputElement) => el.removeAttribute("minlength"));
  await form.getByLabel(/Password/).fill("too-short");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByTestId("user-error")).toContainText("at least 12 characters");
  await form.getByLabel(/Password/).fill("a-long-enough-password");
  await form.getByRole("button", { name: "Create user" }).click();
  // the form folds away; the new user is in the list
  await expect(page.getByTestId("user-row").filter({ hasText: name })).toContainText("Eve Example");

  // search, then the active filter
  await page.getByPlaceholder("Search name, username or email").fill(name);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${name}`));
  const row = page.getByTestId("user-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Eve Example");

  await row.getByRole("button", { name: "Deactivate" }).click();
  await expect(row.getByRole("status")).toHaveText(`${name} deactivated`);
  await page.getByLabel("Active", { exact: true }).selectOption("true");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByTestId("users-empty")).toHaveText("No users match this filter.");
  await page.getByLabel("Active", { exact: true }).selectOption("false");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByTestId("user-row")).toHaveCount(1);
  await expect(page.getByTestId("user-row")).toContainText("deactivated");

  // a group whose name maps to the DEVELOPER role, and its page
  await page.getByTestId("sidebar").getByRole("link", { name: "Groups", exact: true }).click();
  await page.getByLabel("Group name").fill("developers");
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("status")).toHaveText("Group developers created");
  await page.getByTestId("group-row").getByRole("link", { name: "developers" }).click();
  await expect(page.getByRole("heading", { name: "developers" })).toBeVisible();
  await expect(page.getByTestId("group-permissions")).toContainText("container:exec");
  await expect(page.getByTestId("members-empty")).toBeVisible();

  await page.getByRole("form", { name: "Add member" }).getByLabel("User").selectOption({ label: name });
  await page.getByRole("button", { name: "Add member" }).click();
  // "developers" gives a role: joining it is a role assignment, confirmed first (ADR 027)
  const confirm = page.getByRole("dialog", { name: "Confirm it is you" });
  await confirm.getByLabel("Password").fill(E2E_ADMIN.password);
  await confirm.getByRole("button", { name: "Confirm" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId("member-row")).toHaveCount(1);
  await expect(page.getByTestId("member-row")).toContainText(name);

  // the user's page names the group and the role it gives
  await page.getByTestId("member-row").getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("user-status")).toHaveText("deactivated");
  await expect(page.getByText("developers", { exact: true })).toBeVisible();
});
