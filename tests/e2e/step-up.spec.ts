import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";

// Step-up in Chromium (docs/decisions/015-step-up.md): deleting a user asks "Confirm it is you";
// a wrong password is refused in the dialog, the passkey (CDP virtual authenticator: a platform
// authenticator with user verification, i.e. the phone's biometric prompt) confirms, and the
// same delete then goes through without typing the confirmation again.
test("delete a user: step-up dialog, wrong password refused, passkey confirms, user deleted", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });

  await page.goto("/signin");
  await page.getByLabel("Email or username").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  // a passkey for this admin (Settings → Security)
  await page.goto("/settings/security");
  await page.getByLabel("Name").fill("Step-up key");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByRole("status")).toHaveText("Passkey “Step-up key” added.");

  // a user to delete
  const username = `leaver${Date.now() % 100000}`;
  await page.goto("/users");
  await page.getByText("New user").click();
  const form = page.getByRole("form", { name: "New user" });
  await form.getByLabel("Username").fill(username);
  await form.getByLabel("Email").fill(`${username}@example.test`);
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("status").filter({ hasText: `User ${username} created` })).toBeVisible();

  const row = page.getByTestId("user-row").filter({ hasText: username });
  await row.getByText("Delete…").click();
  await row.getByLabel(`Type ${username} to confirm`).fill(username);
  await row.getByRole("button", { name: "Delete user" }).click();

  const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Password").fill("not my password at all");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Wrong password");
  await expect(row).toHaveCount(1);

  await dialog.getByRole("button", { name: "Use a passkey" }).click();
  await expect(dialog).toHaveCount(0);
  // the same form went through again: the row (and its message with it) is gone from the list
  await expect(page.getByTestId("user-row").filter({ hasText: username })).toHaveCount(0);
  await page.goto(`/users?q=${username}`);
  await expect(page.getByTestId("users-empty")).toBeVisible();
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials[0]!.signCount).toBeGreaterThan(0);

  // the refusal, the deletion and both confirmation attempts are in the audit log
  await page.goto("/audit?action=user.delete");
  await expect(page.getByTestId("audit-row").filter({ hasText: "denied" })).toHaveCount(1);
  await expect(page.getByTestId("audit-row").filter({ hasText: "success" })).toHaveCount(1);
  // (other specs on the same server step up too, e.g. exec in services.spec: not an exact count)
  await page.goto("/audit?action=auth.stepup");
  await expect(page.getByTestId("audit-row").filter({ hasText: "success" }).first()).toBeVisible();
  await expect(page.getByTestId("audit-row").filter({ hasText: "failure" }).first()).toBeVisible();
  await context.close();
});
