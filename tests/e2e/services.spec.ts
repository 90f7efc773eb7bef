import crypto from "node:crypto";
import Docker from "dockerode";
import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";
import { fitsViewport, signInAsAdmin } from "./support/console";

// Services in the browser against the local Docker engine (the e2e server runs on the embedded
// defaults with the local socket): a labelled busybox shows in the list with its live status;
// its page draws CPU and memory sparklines from the stats sampler, shows the log's ANSI colours,
// runs `echo hi` from the exec panel, and a confirmed stop turns the badge to STOPPED live.
// The list and the page fit a phone (390×844) without horizontal scrolling.
const docker = new Docker({ socketPath: "/var/run/docker.sock" });
const prefix = `e2e-svc-${crypto.randomBytes(3).toString("hex")}-`;
const name = `${prefix}web`;
// A red line on stdout (ANSI), a tick, and a clean exit on TERM (a shell as PID 1 ignores it).
const LOOP = "trap 'exit 0' TERM; while true; do printf '\\033[31mred alert\\033[0m\\n'; echo tick; sleep 1; done";

test.beforeAll(async () => {
  const c = await docker.createContainer({
    name,
    Image: "local/busybox:1",
    Cmd: ["sh", "-c", LOOP],
    Labels: { "securenexus.managed": "true", "securenexus.client": "system", "securenexus.service.type": "website" },
  });
  await c.start();
});
test.afterAll(async () => {
  const list = await docker.listContainers({ all: true, filters: { name: [prefix] } });
  await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true })));
});

test("list, live usage, ANSI logs, exec and a confirmed stop of a real container", async ({ page }) => {
  test.setTimeout(150_000);
  await signInAsAdmin(page);
  await page.goto(`/services?q=${prefix}`);
  const row = page.getByTestId("service-row").filter({ hasText: name });
  await expect(row).toContainText("WEBSITE");
  await expect(row.getByTestId("service-row-status")).toHaveText("RUNNING");
  await row.getByRole("link", { name }).click();

  await expect(page.getByTestId("service-name")).toHaveText(name);
  await expect(page.getByTestId("service-status-badge")).toHaveText("RUNNING");
  // The sampler's first sample draws both lines and prints the values. Its round visits every
  // running container of the engine (a few per second), so on a busy shared engine it can take
  // a while; an idle container's CPU line is flat (zero height), hence the points, not visibility.
  const drawn = /^[\d.]+,[\d.]+( [\d.]+,[\d.]+)+$/;
  await expect(page.getByTestId("sparkline-cpu").locator("polyline")).toHaveAttribute("points", drawn, {
    timeout: 60_000,
  });
  await expect(page.getByTestId("sparkline-memory").locator("polyline")).toHaveAttribute("points", drawn);
  await expect(page.getByTestId("usage-cpu")).toHaveText(/^\d+\.\d %$/);
  await expect(page.getByTestId("usage-memory")).toHaveText(/(KiB|MiB) of .*(MiB|GiB)$/);

  const red = page.getByTestId("service-logs").locator("[data-ansi]", { hasText: "red alert" }).first();
  await expect(red).toBeVisible();
  expect(await red.evaluate((el) => getComputedStyle(el).color)).toBe("rgb(187, 0, 0)");
  await expect(page.getByTestId("service-logs")).not.toContainText("[31m");

  const exec = page.getByRole("form", { name: "Run a command" });
  await exec.getByLabel("Program", { exact: true }).fill("echo");
  await exec.getByRole("button", { name: "Add argument" }).click();
  await exec.getByLabel("Argument 1", { exact: true }).fill("hi");
  await exec.getByRole("button", { name: "Run" }).click();
  // exec needs a fresh confirmation of who is at the keyboard: the step-up dialog asks once.
  const stepUp = page.getByRole("dialog", { name: "Confirm it is you" });
  await stepUp.getByLabel("Password").fill(E2E_ADMIN.password);
  await stepUp.getByRole("button", { name: "Confirm" }).click();
  await expect(stepUp).toHaveCount(0);
  await expect(page.getByTestId("exec-stdout")).toHaveText("hi\n");
  await expect(page.getByTestId("exec-exit-code")).toHaveText("0");

  // Dismissing the confirmation changes nothing; accepting it stops the container.
  page.once("dialog", (d) => void d.dismiss());
  await page.getByTestId("service-stop").click();
  await page.waitForTimeout(500);
  expect((await docker.getContainer(name).inspect()).State.Running).toBe(true);
  page.once("dialog", (d) => {
    expect(d.message()).toBe(`Stop ${name}?`);
    void d.accept();
  });
  await page.getByTestId("service-stop").click();
  await expect(page.getByTestId("service-status-badge")).toHaveText("STOPPED", { timeout: 15_000 });
  await expect(page.getByTestId("usage-idle")).toBeVisible();
});

test("a container stopped elsewhere turns STOPPED on the open list by itself", async ({ page }) => {
  test.setTimeout(90_000);
  await docker
    .getContainer(name)
    .start()
    .catch(() => undefined);
  await signInAsAdmin(page);
  await page.goto(`/services?q=${prefix}`);
  const status = page.getByTestId("service-row").filter({ hasText: name }).getByTestId("service-row-status");
  await expect(status).toHaveText("RUNNING");
  await expect(page.getByTestId("live-indicator")).toBeVisible();
  await page.waitForTimeout(1000); // the status stream connects
  await docker.getContainer(name).stop({ t: 2 });
  await expect(status).toHaveText("STOPPED", { timeout: 10_000 });
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the services list and a service page fit 390×844 without horizontal scrolling", async ({ page }) => {
    test.setTimeout(90_000);
    await docker
      .getContainer(name)
      .start()
      .catch(() => undefined);
    await signInAsAdmin(page);
    await page.goto("/services");
    await expect(page.getByTestId("service-row").first()).toBeVisible();
    expect(await fitsViewport(page)).toBe(true);
    await page.goto(`/services?q=${prefix}`);
    await page.getByTestId("service-row").filter({ hasText: name }).getByRole("link", { name }).click();
    await expect(page.getByTestId("service-name")).toHaveText(name);
    await expect(page.getByTestId("service-logs")).toContainText("tick");
    await expect(page.getByRole("form", { name: "Run a command" })).toBeVisible();
    expect(await fitsViewport(page)).toBe(true);
    await expect(page.getByTestId("bottom-nav")).toBeVisible();
  });
});
