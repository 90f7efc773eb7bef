import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN, OIDC_PORT } from "../../playwright.config";

// Sign-in through Authentik, played by a real OpenID provider (tests/e2e/support/oidc-provider.ts)
// on 127.0.0.1: code flow with PKCE, its own login and consent forms, groups → roles.

test.beforeEach(async ({ context }) => {
  // The provider's pages @import a web font; nothing outside this machine is reachable.
  await context.route(/fonts\.(googleapis|gstatic)\.com/, (route) => route.abort());
});

async function signInWithAuthentik(page: Page, login: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with Authentik" }).click();
  await page.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${OIDC_PORT}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password works here");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // First time for this account: the provider asks for consent to share the scopes.
  await page.getByRole("button", { name: "Continue" }).click();
}

async function myRoles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const res = await fetch("/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ me { username roles } }" }),
    });
    const body = (await res.json()) as { data?: { me: { roles: string[] } }; errors?: unknown };
    if (!body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
    return body.data.me.roles;
  });
}

test("Authentik groups decide the roles: admin group → SUPER_ADMIN, no group → no role", async ({ page, context }) => {
  await signInWithAuthentik(page, "oidc-admin");
  await expect(page).toHaveURL(/localhost:\d+\/$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText("oidc-admin");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  expect(await myRoles(page)).toContain("SUPER_ADMIN");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signin/);
  await expect(page.getByRole("button", { name: "Sign in with Authentik" })).toBeVisible();
  // Sign out at the provider too (its session cookie), or it would sign oidc-admin in again.
  await context.clearCookies({ domain: "127.0.0.1" });

  await signInWithAuthentik(page, "oidc-nobody");
  await expect(page.getByTestId("signed-in-as")).toHaveText("oidc-nobody");
  await expect(page.getByTestId("no-role")).toHaveText("You have no role yet; ask an administrator.");
  expect(await myRoles(page)).toEqual([]);
});

test("an Authentik account whose email belongs to a local account is refused", async ({ page }) => {
  await signInWithAuthentik(page, E2E_ADMIN.email);
  await page.waitForURL(/\/signin\?error=OidcEmailTaken/);
  await expect(
    page.getByRole("alert").filter({ hasText: "already exists here and is not linked to Authentik" }),
  ).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});
