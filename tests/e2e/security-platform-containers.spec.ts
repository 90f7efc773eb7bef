import crypto from "node:crypto";
import Docker from "dockerode";
import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";
import { signInAsAdmin } from "./support/console";

// A platform container in the browser (ADR 026): an unlabelled busybox, as an operator's database
// would be. The list marks it "platform"; its page shows it as not managed, has no exec panel
// (ALLOW_PLATFORM_EXEC is off), and a SUPER_ADMIN's confirmed stop asks "Confirm it is you" before
// it happens.
const docker = new Docker({ socketPath: "/var/run/docker.sock" });
const run = `sec-containers-${crypto.randomBytes(4).toString("hex")}`;
const name = `${run}-db`;

test.beforeAll(async () => {
  const c = await docker.createContainer({
    name,
    Image: "local/busybox:1",
    Cmd: ["sh", "-c", "trap 'exit 0' TERM; while true; do echo tick; sleep 1; done"],
    Labels: { "securenexus.test": run },
  });
  await c.start();
});
test.afterAll(async () => {
  const mine = await docker.listContainers({ all: true, filters: { label: [`securenexus.test=${run}`] } });
  await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true })));
});

test("a platform container: marked, no exec panel, and a stop asks for a step-up first", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAsAdmin(page);
  await page.goto(`/services?q=${run}`);
  const row = page.getByTestId("service-row").filter({ hasText: name });
  await expect(row.getByTestId("service-row-platform")).toHaveText("platform");
  await row.getByRole("link", { name }).click();

  await expect(page.getByTestId("service-managed")).toContainText("platform container");
  await expect(page.getByTestId("service-logs")).toContainText("tick");
  await expect(page.getByRole("form", { name: "Run a command" })).toHaveCount(0);

  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("service-stop").click();
  const stepUp = page.getByRole("dialog", { name: "Confirm it is you" });
  await expect(stepUp).toBeVisible();
  expect((await docker.getContainer(name).inspect()).State.Running).toBe(true);
  await stepUp.getByLabel("Password").fill(E2E_ADMIN.password);
  await stepUp.getByRole("button", { name: "Confirm" }).click();
  await expect(stepUp).toHaveCount(0);
  await expect(page.getByTestId("service-status-badge")).toHaveText("STOPPED", { timeout: 15_000 });
  expect((await docker.getContainer(name).inspect()).State.Running).toBe(false);
});
