import { spawnSync } from "node:child_process";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";

// Clients in the console on the embedded defaults with the local Docker engine and the busybox
// test catalog (SERVICE_CATALOG=test): the create wizard provisions a client with two services
// while the steps complete live, the client page lists them running, and the pages fit a phone.
// Everything Docker got for the client is removed after (by its securenexus.client label).

// Pages render on a server shared with builds and other suites: give each check room.
const expect = baseExpect.configure({ timeout: 30_000 });

const PNG_1PX = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const created: string[] = [];

function docker(...args: string[]): string {
  const r = spawnSync("docker", args, { encoding: "utf8" });
  return r.stdout.trim();
}

/** Containers, then networks and volumes Docker holds for a client (delete keeps data; tests do not). */
function removeClientFromDocker(clientId: string) {
  const filter = `label=securenexus.client=${clientId}`;
  const ids = (kind: string[]) =>
    docker(...kind, "--filter", filter)
      .split("\n")
      .filter(Boolean);
  const containers = ids(["ps", "-aq"]);
  if (containers.length) docker("rm", "-f", ...containers);
  const networks = ids(["network", "ls", "-q"]);
  if (networks.length) docker("network", "rm", ...networks);
  const volumes = ids(["volume", "ls", "-q"]);
  if (volumes.length) docker("volume", "rm", "-f", ...volumes);
}

test.afterAll(() => created.forEach(removeClientFromDocker));

async function signIn(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email or username").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible({ timeout: 90_000 }); // password hashing on a busy machine
}

async function noHorizontalScroll(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("main h1")).toBeVisible(); // not "networkidle": the live streams never go idle
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, `${path} scrolls sideways on a phone`).toBeLessThanOrEqual(client);
}

test("the wizard provisions a client with two busybox services, live, and its page lists them running", async ({
  page,
}) => {
  test.setTimeout(300_000);
  const domain = `e2e-${Date.now().toString(36)}.test`;
  await signIn(page);
  await page.goto("/clients");
  await page.getByRole("link", { name: "New client" }).click();
  const wizard = page.getByRole("form", { name: "New client" });

  await wizard.getByLabel("Client name").fill("E2E Wizard Ltd");
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByLabel("Domain").fill(domain.toUpperCase()); // stored lowercased
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByLabel("Plan").fill("Business");
  await wizard.getByLabel("Price per month").fill("49");
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByRole("checkbox", { name: /Website \(test\)/ }).check();
  await wizard.getByRole("checkbox", { name: /Cache \(test\)/ }).check();
  await expect(wizard.getByText("busybox stand-in for WEBSITE")).toBeVisible(); // the catalog's description
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByLabel(/^Logo/).setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG_1PX });
  await expect(wizard.getByAltText("Logo preview")).toBeVisible();
  await wizard.getByRole("button", { name: "Next" }).click();

  const review = page.getByTestId("wizard-review");
  await expect(review).toContainText(domain);
  await expect(review).toContainText("Business · 49 EUR");
  await expect(review).toContainText("Website (test), Cache (test)");
  // Every percent the bar shows, recorded in the page: a live view passes through values between 0 and 100.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { __percents: string[] }).__percents = []);
    new MutationObserver(() => {
      const p = document.querySelector('[data-testid="provisioning-percent"]')?.textContent;
      if (p && seen.at(-1) !== p) seen.push(p);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await wizard.getByRole("button", { name: "Create client" }).click();

  const view = page.getByTestId("provisioning-view");
  await expect(view).toBeVisible();
  await expect(page.getByTestId("provisioning-step")).toHaveCount(10);
  await expect(page.getByTestId("provisioning-status")).toHaveText("Done", { timeout: 120_000 });
  await expect(page.getByTestId("provisioning-percent")).toHaveText("100%");
  for (const step of await page.getByTestId("provisioning-step").all()) {
    expect(["SUCCEEDED", "SKIPPED"]).toContain(await step.getAttribute("data-status"));
  }
  await expect(page.locator('[data-step="SSO"]')).toContainText("Authentik is not configured");
  await expect(page.getByTestId("provisioning-log")).toContainText("[deploy]");
  const percents = await page.evaluate(() => (window as unknown as { __percents: string[] }).__percents);
  expect(
    percents.some((p) => p !== "0%" && p !== "100%"),
    `percent values seen: ${percents.join(" ")}`,
  ).toBe(true);

  await page.getByTestId("open-client").click();
  await expect(page.getByTestId("client-name")).toHaveText("E2E Wizard Ltd");
  created.push(page.url().split("/").at(-1)!);
  await expect(page.getByTestId("client-status-badge")).toHaveText("active");
  const services = page.getByTestId("client-service");
  await expect(services).toHaveCount(2);
  await expect(page.getByTestId("client-service-status")).toHaveText(["RUNNING", "RUNNING"], { timeout: 30_000 });
  await expect(services.filter({ hasText: "website" })).toHaveCount(1);
  await expect(services.filter({ hasText: "cache" })).toHaveCount(1);
  await expect(page.getByTestId("client-dns-records")).toContainText(`www.${domain}`);
  await expect(page.getByTestId("client-activity")).toContainText("client.create · success");

  await page.setViewportSize({ width: 390, height: 844 });
  await noHorizontalScroll(page, page.url());
  await noHorizontalScroll(page, "/clients");
  await noHorizontalScroll(page, "/clients/new");
});

test("a bad domain is refused under its field and creates nothing", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  await page.goto("/clients/new");
  const wizard = page.getByRole("form", { name: "New client" });
  await wizard.getByLabel("Client name").fill("Bad Domain Ltd");
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByLabel("Domain").fill("-bad-.test");
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(page.getByTestId("field-error-domain")).toHaveText(/label "-bad-" is not valid/);
  await expect(wizard.getByLabel("Domain")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("group", { name: "Domain" })).toBeVisible(); // still on the domain step

  // A domain another client holds passes the browser's checks; the domain layer refuses it on
  // create and the wizard reopens the domain step with the message under the field.
  const taken = `e2e-taken-${Date.now().toString(36)}.test`;
  await page.goto("/clients");
  await page.getByText("Add a client without services").click();
  const quick = page.getByRole("form", { name: "New client" });
  await quick.getByLabel("Name").fill("Holder Ltd");
  await quick.getByLabel("Domain").fill(taken);
  await quick.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByRole("status")).toContainText(`(${taken}) created`);

  await page.goto("/clients/new");
  await wizard.getByLabel("Client name").fill("Bad Domain Ltd");
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByLabel("Domain").fill(taken);
  for (let i = 0; i < 4; i++) await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByTestId("field-error-domain")).toHaveText(
    `Domain ${taken} is already used by client Holder Ltd`,
  );
  await expect(page.getByRole("group", { name: "Domain" })).toBeVisible();

  await page.goto("/clients?q=Bad+Domain");
  await expect(page.getByTestId("clients-empty")).toHaveText(/No clients match this filter/);
});
