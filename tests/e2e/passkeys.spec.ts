import { expect, test, type BrowserContext, type CDPSession, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";

// Passkeys in Chromium through the DevTools virtual authenticator (a platform authenticator with
// resident keys and user verification: what a phone's fingerprint or face unlock looks like to
// the site). The admin registers a passkey after a password sign-in, signs out, signs in with it
// on a phone-sized screen, then revokes it and a sign-in with it is refused.

async function virtualAuthenticator(context: BrowserContext, page: Page) {
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
  return { cdp, authenticatorId };
}

async function passwordSignIn(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email or username").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
}

test("register a passkey, sign in with it on a phone, revoke it and it is refused", async ({ browser }) => {
  // 1. desktop: password sign-in, Settings → Security → add a passkey
  const desktop = await browser.newContext();
  const page = await desktop.newPage();
  page.on("dialog", (d) => void (d.type() === "prompt" ? d.accept("Work phone") : d.accept()));
  const laptopKey: { cdp: CDPSession; authenticatorId: string } = await virtualAuthenticator(desktop, page);
  await passwordSignIn(page);
  await page.goto("/settings");
  await page.getByRole("link", { name: /Security/ }).click();
  await expect(page.getByRole("heading", { name: "Security" })).toBeVisible();
  await expect(page.getByText("No passkeys yet.")).toBeVisible();
  await page.getByLabel("Name").fill("My phone");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByRole("status")).toHaveText("Passkey “My phone” added.");
  await expect(page.getByTestId("passkey")).toHaveCount(1);
  await expect(page.getByTestId("passkey")).toContainText("My phone");
  await expect(page.getByTestId("passkey")).toContainText("never used");
  // the credential really is a discoverable one on the authenticator
  const { credentials } = await laptopKey.cdp.send("WebAuthn.getCredentials", {
    authenticatorId: laptopKey.authenticatorId,
  });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]!.isResidentCredential).toBe(true);

  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByTestId("passkey")).toContainText("Work phone");

  await page.getByRole("button", { name: "Sign out", exact: true }).first().click();
  await expect(page).toHaveURL(/\/signin/);

  // 2. phone (390x844, touch): the same passkey (synced, as platform passkeys are) signs in
  //    without a username or password
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phonePage = await phone.newPage();
  const phoneKey = await virtualAuthenticator(phone, phonePage);
  await phoneKey.cdp.send("WebAuthn.addCredential", {
    authenticatorId: phoneKey.authenticatorId,
    credential: credentials[0]!,
  });
  await phonePage.goto("/signin");
  await phonePage.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(phonePage.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await phonePage.goto("/settings/sessions");
  await expect(phonePage.getByTestId("session").filter({ hasText: "This device" })).toHaveCount(1);

  // the sign-in is audited with its method
  await passwordSignIn(page);
  await page.goto("/audit?action=auth.signin&result=success");
  await expect(page.getByTestId("audit-row").first()).toContainText("auth.signin");

  // 3. revoke it on the desktop; the phone, signed out, can no longer use it
  await page.goto("/settings/security");
  await expect(page.getByTestId("passkey")).toContainText(/last used/);
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("passkey")).toContainText("revoked");

  await phone.clearCookies();
  await phonePage.goto("/signin");
  await phonePage.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(phonePage.getByRole("alert").filter({ hasText: /passkey/ })).toHaveText(
    "This passkey was not accepted.",
  );
  await expect(phonePage).toHaveURL(/\/signin/);

  await page.goto("/audit?action=auth.signin&result=failure");
  await expect(page.getByTestId("audit-row").first()).toContainText("auth.signin");
  await desktop.close();
  await phone.close();
});

test("Sessions page: sign out another device, then everywhere", async ({ browser }) => {
  const laptop = await browser.newContext({ userAgent: "E2E Laptop Browser" });
  const tablet = await browser.newContext({ userAgent: "E2E Tablet Browser", viewport: { width: 390, height: 844 } });
  const [a, b] = [await laptop.newPage(), await tablet.newPage()];
  a.on("dialog", (d) => void d.accept());
  await passwordSignIn(a);
  await passwordSignIn(b);

  await a.goto("/settings");
  await a.getByRole("link", { name: /Sessions/ }).click();
  const mine = a.getByTestId("session").filter({ hasText: "E2E Laptop Browser" });
  await expect(mine).toContainText("This device");
  const other = a.getByTestId("session").filter({ hasText: "E2E Tablet Browser" });
  await expect(other).toHaveCount(1);
  await expect(other).not.toContainText("This device");
  await other.getByRole("button", { name: "Sign out" }).click();
  await expect(other).toHaveCount(0);
  // the tablet's cookie is still within its hour, but its session is gone
  await b.goto("/");
  await expect(b).toHaveURL(/\/signin/);
  await a.goto("/");
  await expect(a.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  await a.goto("/settings/sessions");
  await a.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(a).toHaveURL(/\/signin/);
  await a.goto("/");
  await expect(a).toHaveURL(/\/signin/);
  await laptop.close();
  await tablet.close();
});
