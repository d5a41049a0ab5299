/**
 * `npm run test:e2e`: finds a browser (Debian's Chromium, else Playwright's own, installing it when missing),
 * builds the app for production, prepares the database, and runs the Playwright suites against `npm start`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";

function sh(cmd: string, args: string[], extraEnv: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...extraEnv } });
  return r.status ?? 1;
}

function findBrowser(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) {
    console.log(`[e2e] browser: ${process.env.PLAYWRIGHT_CHROMIUM_PATH} (PLAYWRIGHT_CHROMIUM_PATH)`);
    return process.env.PLAYWRIGHT_CHROMIUM_PATH;
  }
  if (existsSync("/usr/bin/chromium")) {
    console.log("[e2e] browser: Debian's Chromium at /usr/bin/chromium");
    return "/usr/bin/chromium";
  }
  const own = execFileSync("node", ["-e", "console.log(require('playwright-core').chromium.executablePath())"], { encoding: "utf8" }).trim();
  if (existsSync(own)) {
    console.log(`[e2e] browser: Playwright's Chromium at ${own}`);
    return undefined;
  }
  console.log("[e2e] no Chromium found: installing Playwright's (npx playwright install chromium)…");
  if (sh("node_modules/.bin/playwright", ["install", "chromium"]) !== 0) {
    console.error("[e2e] could not install a browser. Install Debian's chromium (apt-get install -y chromium) and run again.");
    process.exit(1);
  }
  return undefined;
}

findBrowser();

if (!process.env.E2E_SKIP_BUILD) {
  console.log("[e2e] building the production app (next build)…");
  if (sh("node_modules/.bin/next", ["build"]) !== 0) process.exit(1);
}

// A clean embedded database per run; on Postgres (DATABASE_URL), seed it as a newcomer would with db:seed.
rmSync(".data/e2e-pglite", { recursive: true, force: true });
// The visual tour's screenshots and visit list (e2e/tour.spec.ts) are per run.
rmSync("test-results/tour", { recursive: true, force: true });
if (process.env.DATABASE_URL) {
  console.log("[e2e] seeding the Postgres database (npm run db:seed)…");
  if (sh("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/seed.ts"]) !== 0) process.exit(1);
}

process.exit(sh("node_modules/.bin/playwright", ["test", ...process.argv.slice(2)]));
