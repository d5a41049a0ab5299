#!/usr/bin/env bash
# `npm test`: unit and integration tests (Vitest, on Postgres when reachable and on PGlite), then the
# end-to-end suites in Chromium against a production build, then the small chaos comparison on that build.
# Results land in test-results/*.json.
set -u
mkdir -p test-results
export NEXT_TELEMETRY_DISABLED=1
status=0
echo "== unit and integration tests (vitest)"
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=1
echo "== end-to-end tests (playwright)"
node_modules/.bin/tsx --conditions=react-server scripts/e2e.ts || status=1
echo "== chaos: two instances, chaotic webhooks, SIGKILLs, compared with a clean run (scripts/chaos)"
CHAOS_EVENTS="${CHAOS_EVENTS:-600}" CHAOS_KILLS="${CHAOS_KILLS:-1}" node_modules/.bin/vitest run --config scripts/chaos/vitest.config.ts --reporter=default --reporter=json --outputFile.json=test-results/chaos.json || status=1
node scripts/summarise-tests.mjs || true
exit $status
