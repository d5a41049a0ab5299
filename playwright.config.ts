import { defineConfig } from "@playwright/test";
import { existsSync } from "node:fs";

/** Debian's Chromium when it is installed (no browser downloads here), Playwright's own otherwise. */
const debianChromium = "/usr/bin/chromium";
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync(debianChromium) ? debianChromium : undefined);

export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const E2E_EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 12199);
const baseURL = `http://localhost:${E2E_APP_PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "app" },
    // The emulator package's own browser specs (hosted pages, onboarding, OAuth, embedded Checkout).
    { name: "emulator", testDir: "packages/stripe-emulator/e2e" },
  ],
  // The production build against the embedded defaults (or DATABASE_URL in CI), with the emulator on its own port.
  webServer: {
    command: "node_modules/.bin/tsx --conditions=react-server scripts/launch.ts start",
    url: `${baseURL}/api/health`,
    // Start-up migrates and seeds the embedded database; on a loaded 2-core machine that can pass two minutes.
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(E2E_APP_PORT),
      HOST: "127.0.0.1",
      APP_URL: baseURL,
      STRIPE_EMULATOR_PORT: String(E2E_EMULATOR_PORT),
      PGLITE_DIR: ".data/e2e-pglite",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
