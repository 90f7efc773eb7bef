#!/usr/bin/env bash
# The one test command (`npm test`): static checks, unit tests, a production build, integration
# tests against the real services, and Playwright e2e in Debian's Chromium. Services come from
# scripts/services.sh; in CI (CI=true) a missing service fails its tests instead of skipping them.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
[ -f /var/lib/securenexus-test/env ] && set -a && . /var/lib/securenexus-test/env && set +a
results=$(mktemp -d)

step() { printf '\n==> %s\n' "$*"; }

step "typecheck";  npx tsc --noEmit
step "lint";       npx eslint . --max-warnings=0
step "format";     npx prettier --check . --log-level=warn || { echo "run: npx prettier --write ."; exit 1; }
step "npm audit (production dependencies)"; node scripts/audit.mjs
step "unit tests"; npx vitest run --project unit --reporter=default --reporter=json --outputFile="$results/unit.json"
step "build";      npm run build --silent
# tsc/eslint above cover the tree; the build's own tsconfig rewrite is undone so git stays clean
git checkout -q -- tsconfig.json 2>/dev/null || true
step "integration tests"; npx vitest run --project integration --reporter=default --reporter=json --outputFile="$results/integration.json"
step "e2e tests"
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" npx playwright test --reporter=list,json || { node scripts/test-summary.mjs "$results"; exit 1; }
node scripts/test-summary.mjs "$results"
