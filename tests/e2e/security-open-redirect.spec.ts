import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN, OIDC_PORT } from "../../playwright.config";

// After signing in, the browser must stay on the console whatever callbackUrl it was given
// (lib/auth/session/callback-url.ts). evil.example never resolves: every request to it is answered here
// with a marker page, so landing there shows plainly.

const VARIANTS = [
  "/\\evil.example",
  "/%09/evil.example",
  "//evil.example",
  "/.//evil.example",
  "https://evil.example/phish",
  "javascript:alert(document.domain)",
];

test.beforeEach(async ({ context }) => {
  await context.route(
    (url) => url.hostname === "evil.example",
    (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" }),
  );
  await context.route(/fonts\.(googleapis|gstatic)\.com/, (route) => route.abort());
});

const onConsole = (page: Page) => new URL(page.url()).origin === new URL(test.info().project.use.baseURL!).origin;

/** Waits until the browser has left the sign-in page (and the provider's pages), then checks where it is. */
async function expectOnConsole(page: Page) {
  await page.waitForURL(
    (u) =>
      !u.pathname.startsWith("/signin") &&
      !u.pathname.startsWith("/interaction/") &&
      !u.pathname.startsWith("/api/auth/"),
  );
  expect(new URL(page.url()).host).not.toBe("evil.example");
  expect(onConsole(page)).toBe(true);
  await expect(page.getByRole("heading", { name: "evil" })).toHaveCount(0);
}

for (const variant of VARIANTS) {
  test(`password sign-in with callbackUrl ${variant} ends on the console`, async ({ page }) => {
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // the raw value, as a phishing link would carry it (%09 stays an escaped tab inside the parameter)
    const link = `/signin?callbackUrl=${variant.startsWith("/%09") ? variant : encodeURIComponent(variant)}`;
    await page.goto(link);
    await page.getByLabel("Email or username").fill(E2E_ADMIN.email);
    await page.getByLabel("Password").fill(E2E_ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expectOnConsole(page);

    // signed in already: the sign-in page redirects at once, to the console again
    await page.goto(link);
    await expectOnConsole(page);
    expect(dialogs).toEqual([]);
  });
}

test("next-auth's own callbackUrl (a direct POST to the credentials callback) is held to the same rule", async ({
  page,
}) => {
  await page.goto("/signin");
  const location = await page.evaluate(async (admin) => {
    const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await fetch("/api/auth/callback/password?json=true", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        csrfToken,
        login: admin.email,
        password: admin.password,
        callbackUrl: "/\\evil.example",
        json: "true",
      }),
    });
    return ((await res.json()) as { url: string }).url;
  }, E2E_ADMIN);
  expect(new URL(location).host).not.toBe("evil.example");
  expect(new URL(location).origin).toBe(new URL(page.url()).origin);
});

test("Authentik sign-in started with a foreign callbackUrl comes back to the console", async ({ page }) => {
  await page.goto("/signin");
  // what a crafted page could send to start the flow, bypassing the sign-in page's own check
  // (as next-auth's signIn() does: a POST, then the browser goes to the provider's URL)
  const providerUrl = await page.evaluate(async () => {
    const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await fetch("/api/auth/signin/authentik", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
      body: new URLSearchParams({ csrfToken, callbackUrl: "//evil.example", json: "true" }),
    });
    return ((await res.json()) as { url: string }).url;
  });
  await page.goto(providerUrl);
  await page.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${OIDC_PORT}/interaction/`));
  await page.locator('input[name="login"]').fill("oidc-admin");
  await page.locator('input[name="password"]').fill("any password works here");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  // the provider asks for consent once per account and browser session
  if (
    await consent.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    )
  )
    await consent.click();
  await expectOnConsole(page);
});
