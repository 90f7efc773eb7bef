import crypto from "node:crypto";
import Docker from "dockerode";
import { expect, test } from "@playwright/test";
import { signInAsAdmin } from "./support/console";

// The Docker host page as SUPER_ADMIN against the local engine: create a network and a volume,
// removal refused while a container uses them (the refusal names the container), removed once
// free; prune asks first; a pull that cannot reach a registry says why.
const docker = new Docker({ socketPath: "/var/run/docker.sock" });
const prefix = `e2e-host-${crypto.randomBytes(3).toString("hex")}-`;
const net = `${prefix}net`,
  vol = `${prefix}vol`,
  user = `${prefix}user`;

test.afterAll(async () => {
  await docker
    .getContainer(user)
    .remove({ force: true })
    .catch(() => undefined);
  await docker
    .getNetwork(net)
    .remove()
    .catch(() => undefined);
  await docker
    .getVolume(vol)
    .remove()
    .catch(() => undefined);
});

test("networks and volumes: create, refused while in use, removed when free; prune and pull", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page);
  await page.goto("/services/host");

  const netForm = page.getByRole("form", { name: "Create network" });
  await netForm.getByLabel("New network name").fill(net);
  await netForm.getByRole("button", { name: "Create network" }).click();
  await expect(netForm.getByRole("status")).toHaveText(`Network ${net} created`);
  await expect(page.getByTestId("network-row").filter({ hasText: net })).toContainText("unused");
  await netForm.getByLabel("New network name").fill("bad name!");
  await netForm.getByRole("button", { name: "Create network" }).click();
  await expect(netForm.getByRole("alert")).toContainText("VALIDATION");

  const volForm = page.getByRole("form", { name: "Create volume" });
  await volForm.getByLabel("New volume name").fill(vol);
  await volForm.getByRole("button", { name: "Create volume" }).click();
  await expect(volForm.getByRole("status")).toHaveText(`Volume ${vol} created`);

  // A container uses both: removal is refused, naming it.
  const c = await docker.createContainer({
    name: user,
    Image: "local/busybox:1",
    Cmd: ["sleep", "300"],
    HostConfig: { NetworkMode: net, Binds: [`${vol}:/data`] },
  });
  await c.start();
  await page.reload();
  const netRow = page.getByTestId("network-row").filter({ hasText: net });
  await expect(netRow).toContainText(`used by ${user}`);
  page.once("dialog", (d) => void d.accept());
  await netRow.getByRole("button", { name: `Remove network ${net}` }).click();
  await expect(netRow.getByRole("alert")).toHaveText(`CONFLICT: Network ${net} is in use by: ${user}`);
  const volRow = page.getByTestId("volume-row").filter({ hasText: vol });
  page.once("dialog", (d) => void d.accept());
  await volRow.getByRole("button", { name: `Remove volume ${vol}` }).click();
  await expect(volRow.getByRole("alert")).toHaveText(`CONFLICT: Volume ${vol} is in use by: ${user}`);
  expect((await docker.getVolume(vol).inspect()).Name).toBe(vol);

  await c.remove({ force: true });
  await page.reload();
  page.once("dialog", (d) => void d.dismiss()); // a dismissed confirmation removes nothing
  await page.getByRole("button", { name: `Remove network ${net}` }).click();
  await page.waitForTimeout(300);
  await expect(page.getByTestId("network-row").filter({ hasText: net })).toHaveCount(1);
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: `Remove network ${net}` }).click();
  await expect(page.getByTestId("network-row").filter({ hasText: net })).toHaveCount(0);
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: `Remove volume ${vol}` }).click();
  await expect(page.getByTestId("volume-row").filter({ hasText: vol })).toHaveCount(0);
  // Built-in networks have no Remove button.
  await expect(
    page
      .getByTestId("network-row")
      .filter({ hasText: /^bridge/ })
      .getByRole("button"),
  ).toHaveCount(0);

  page.once("dialog", (d) => {
    expect(d.message()).toBe("Remove every dangling (untagged, unused) image?");
    void d.accept();
  });
  await page.getByRole("button", { name: "Prune dangling images" }).click();
  await expect(page.getByTestId("prune-outcome")).toHaveText(
    /^(No dangling images to remove|Removed \d+ unused image layer\(s\), [\d.]+ MiB reclaimed)$/,
  );

  // No registry is reachable from this machine: the pull ends with the engine's reason.
  const pull = page.getByRole("form", { name: "Pull image" });
  await pull.getByLabel("Image reference").fill("127.0.0.1:1/nothing-here:1");
  await pull.getByRole("button", { name: "Pull" }).click();
  await expect(page.getByTestId("pull-outcome")).toHaveText(/^Pull failed: .+/, { timeout: 30_000 });
  await expect(pull.getByRole("button", { name: "Pull" })).toBeEnabled();
});
