import { writeFileSync } from "node:fs";
import path from "node:path";
import { renderPermissionsDoc } from "../lib/auth/permissions-doc";

// `npm run docs:permissions`: writes docs/security/permissions.md from the permission and
// operation tables (tests/unit/permissions-doc.test.ts keeps the committed page in step).
const target = path.resolve(__dirname, "..", "docs/security/permissions.md");
writeFileSync(target, renderPermissionsDoc());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
