import { expect, test } from "@playwright/test";
import { signInAsAdmin } from "./support/console";

// The Scripts page runs a real allowlisted script from the e2e server's SCRIPTS_DIR
// (tests/fixtures/scripts, see playwright.config.ts): the form is generated from its argument
// schema (number, text, choice), its output appears line by line while it runs, then the exit
// code; a value the schema refuses is named by its field and nothing runs.
test("a script's form follows its schema and its output streams while it runs", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto("/scripts");
  const form = page.getByRole("form", { name: "Run countdown" });
  await expect(form.getByLabel("from", { exact: true })).toHaveAttribute("type", "number");
  await expect(form.getByLabel("label (optional)")).toHaveAttribute("type", "text");
  await expect(form.getByLabel("tone (optional)").locator("option")).toHaveText(["—", "calm", "loud"]);

  // Refused by the schema (the browser's own min/max check is bypassed: the server must refuse).
  await form.getByLabel("from", { exact: true }).evaluate((el) => el.removeAttribute("max"));
  await form.getByLabel("from", { exact: true }).fill("11");
  await form.getByRole("button", { name: "Run" }).click();
  await expect(form.getByRole("alert")).toHaveText("VALIDATION: from: must be at most 10");
  await expect(form.getByLabel("from", { exact: true })).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("from", { exact: true }).fill("5");
  await form.getByLabel("label (optional)").fill("Apollo 11");
  await form.getByLabel("tone (optional)").selectOption("loud");
  await form.getByRole("button", { name: "Run" }).click();
  const output = page.getByTestId("output-countdown");
  // Live: the first lines show while the script is still running (5 × 0.4 s).
  await expect(output).toContainText("T-5");
  await expect(form.getByRole("status")).toHaveText("Running…");
  await expect(form.getByRole("button", { name: "Running…" })).toBeDisabled();
  await expect(output).toContainText("APOLLO 11 LIFTOFF", { timeout: 10_000 });
  await expect(form.getByRole("status")).toHaveText(/^Exit code 0 · \d+ ms$/);
  await expect(output).toHaveText("T-5\nT-4\nT-3\nT-2\nalmost there\nT-1\nAPOLLO 11 LIFTOFF\n");
  await expect(output.locator("span", { hasText: "almost there" })).toHaveClass(/text-red/);
});
