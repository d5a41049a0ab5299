// Prints one line, "N passed, N failed", from the Vitest and Playwright JSON reports of the last run.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
if (existsSync("test-results/vitest.json")) {
  const v = JSON.parse(readFileSync("test-results/vitest.json", "utf8"));
  passed += v.numPassedTests ?? 0;
  // A file that fails to load has no failed tests of its own: count it once.
  failed += (v.numFailedTests ?? 0) || (v.numFailedTestSuites ?? 0);
} else failed += 1;
// The chaos comparison (scripts/chaos/chaos.spec.ts), a Vitest report of its own.
if (existsSync("test-results/chaos.json")) {
  const c = JSON.parse(readFileSync("test-results/chaos.json", "utf8"));
  passed += c.numPassedTests ?? 0;
  failed += (c.numFailedTests ?? 0) || (c.numFailedTestSuites ?? 0);
} else failed += 1;
if (existsSync("test-results/playwright.json")) {
  const p = JSON.parse(readFileSync("test-results/playwright.json", "utf8"));
  passed += p.stats?.expected ?? 0;
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0);
  if (p.errors?.length) failed += p.errors.length;
} else failed += 1;
console.log(`${passed} passed, ${failed} failed`);
