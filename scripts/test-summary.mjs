// Prints one closing line over every runner of scripts/test.sh: "Tests: N passed, N failed, N skipped".
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2];
let passed = 0,
  failed = 0,
  skipped = 0;
for (const name of ["unit.json", "integration.json"]) {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) continue;
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
}
const e2e = path.join(dir, "e2e.json");
if (fs.existsSync(e2e)) {
  try {
    const stats = JSON.parse(fs.readFileSync(e2e, "utf8")).stats;
    passed += stats.expected;
    failed += stats.unexpected + stats.flaky;
    skipped += stats.skipped;
  } catch {
    failed += 1; // no readable e2e report: count the e2e run as failed
  }
}
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
