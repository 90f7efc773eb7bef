import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";

// DNS in the console on the embedded defaults (PGlite, zone-file directory): create a zone, add
// records through the form (fields follow the type, a bad value is refused plainly), delete one
// with a confirmation, and the zone file the console writes passes named-checkzone.
test("zones and records through the console reach the zone file", async ({ page }) => {
  const zone = `e2e-${Date.now().toString(36)}.test`;
  await page.goto("/signin");
  await page.getByLabel("Email or username").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  await page.goto("/dns");
  const zoneForm = page.getByRole("form", { name: "Create zone" });
  await zoneForm.getByLabel("Zone name").fill(zone);
  await zoneForm.getByLabel("Name servers").fill("ns1.example.net ns2.example.net");
  await zoneForm.getByRole("button", { name: "Create zone" }).click();
  await expect(page.getByRole("status")).toHaveText(`Zone ${zone} created`);
  const row = page.getByTestId("zone-row").filter({ hasText: zone });
  await expect(row).toContainText("2"); // two NS records
  await row.getByRole("link", { name: zone }).click();
  await expect(page.getByTestId("zone-name")).toHaveText(zone);

  const form = page.getByRole("form", { name: "Add record" });
  await form.getByLabel("Name", { exact: true }).fill("www");
  await form.getByLabel("Value").fill("192.0.2.300");
  // Live validation: the field's error shows while typing, before anything is submitted.
  await expect(form.getByText("must be an IPv4 address")).toBeVisible();
  await form.getByRole("button", { name: "Add record" }).click();
  await expect(page.getByTestId("dns-error")).toHaveText("value: must be an IPv4 address");

  await expect(form.getByLabel("Name", { exact: true })).toHaveValue("www"); // the refused input is kept
  await form.getByLabel("Value").fill("192.0.2.10");
  await form.getByRole("button", { name: "Add record" }).click();
  await expect(page.getByRole("status")).toHaveText(`A record for www.${zone} added`);
  await expect(page.getByTestId("record-row").filter({ hasText: "192.0.2.10" })).toBeVisible();

  await form.getByLabel("Type").selectOption("MX");
  await expect(form.getByLabel("Priority")).toBeVisible();
  await expect(form.getByLabel("Port")).toHaveCount(0);
  await form.getByLabel("Name", { exact: true }).fill("@");
  await form.getByLabel("Priority").fill("10");
  await form.getByLabel("Target").fill(`www.${zone}`);
  await form.getByRole("button", { name: "Add record" }).click();
  await expect(page.getByTestId("record-row").filter({ hasText: `10 www.${zone}` })).toBeVisible();

  const mxRow = page.getByTestId("record-row").filter({ hasText: `10 www.${zone}` });
  await mxRow.getByRole("button", { name: "Edit" }).click();
  await mxRow.getByLabel("Priority").fill("20");
  await mxRow.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("record-row").filter({ hasText: `20 www.${zone}` })).toBeVisible();

  page.once("dialog", (d) => void d.accept());
  await page
    .getByTestId("record-row")
    .filter({ hasText: "192.0.2.10" })
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(page.getByTestId("record-row").filter({ hasText: "192.0.2.10" })).toHaveCount(0);

  await page.getByRole("button", { name: "Enable DNSSEC" }).click();
  await expect(page.getByTestId("zone-ds")).toHaveText(
    new RegExp(`^${zone.replaceAll(".", "\\.")}\\. IN DS \\d+ 13 2 [0-9A-F]{64}$`),
  );

  const dataDir = process.env.E2E_DATA_DIR;
  if (dataDir && fs.existsSync("/usr/bin/named-checkzone")) {
    const file = path.join(dataDir, "zones", `db.${zone}`);
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain(`@ 3600 IN MX 20 www.${zone}.`);
    expect(text).not.toContain("192.0.2.10");
    const check = spawnSync("/usr/bin/named-checkzone", [zone, file], { encoding: "utf8" });
    expect(check.status, check.stdout).toBe(0);
  }
});
