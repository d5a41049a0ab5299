import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { signIn } from "./fixtures";
import { TOUR_PAGES, TOUR_ROLES, TOUR_WIDTHS, type TourPage, type TourRole } from "./tour-pages";

/**
 * The visual tour: every page of e2e/tour-pages.ts as every role at a phone and a laptop width. Each visit
 * asserts no horizontal page overflow, no console errors, no failed requests and no serious or critical axe
 * violations (WCAG 2.1 A/AA, contrast included), and saves a full-page screenshot to test-results/tour/ (also
 * attached to the test).
 */
const SCREENSHOTS = "test-results/tour";
/** One line per visit that passed every check; a file, so the count survives worker restarts after a failure. */
const VISITED = path.join(SCREENSHOTS, "visited.txt");

async function storageFor(browser: Browser, email: string | null, file: string) {
  const context = await browser.newContext();
  if (email) await signIn(await context.newPage(), email);
  await context.storageState({ path: file });
  await context.close();
}

/** Collects what goes wrong while a page loads: console errors, failed requests and error responses. */
function watch(page: Page) {
  const problems: string[] = [];
  let documentStatus: number | null = null;
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    // Chromium logs the document's own 403/404 as a console error; that status is asserted on its own.
    if (/Failed to load resource: the server responded with a status of (403|404)/.test(msg.text()) && msg.location().url === page.url()) return;
    problems.push(`console error: ${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => {
    // Next.js cancels its own route prefetches (?_rsc=) when it re-prefetches or the page goes away: not a failure.
    if (r.failure()?.errorText === "net::ERR_ABORTED" && new URL(r.url()).searchParams.has("_rsc")) return;
    problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ""}`);
  });
  page.on("response", (r) => {
    const isDocument = r.request().isNavigationRequest() && r.frame() === page.mainFrame();
    if (isDocument) documentStatus = r.status();
    else if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return { problems, status: () => documentStatus };
}

async function visit(page: Page, entry: TourPage, role: TourRole, width: string, testInfo: TestInfo) {
  const watcher = watch(page);
  const response = await page.goto(entry.path);
  await page.waitForLoadState("networkidle");
  const status = response?.status() ?? 0;
  const url = new URL(page.url());

  if (entry.status) expect(status, `${entry.path} answers ${entry.status}`).toBe(entry.status);
  else if (entry.seenBy.includes(role)) {
    expect(status, `${role} sees ${entry.path}`).toBe(200);
    expect(url.pathname, `${role} stays on ${entry.path}`).toBe(entry.path);
  } else {
    // Not this role's page: the sign-in page (signed out), the 403 page, the 404 page, or a redirect elsewhere.
    expect([200, 403, 404], `${role} on ${entry.path} gets a page`).toContain(status);
    if (role === "signed-out" && status === 200 && url.pathname !== entry.path) expect(url.pathname).toBe("/sign-in");
  }

  // The screenshot first, so a failing visit has one too.
  const file = path.join(SCREENSHOTS, width, `${role}--${entry.name}.png`);
  mkdirSync(path.dirname(file), { recursive: true });
  const shot = await page.screenshot({ fullPage: true });
  writeFileSync(file, shot);
  await testInfo.attach(`${width}-${role}-${entry.name}`, { body: shot, contentType: "image/png" });

  // Every page names itself in the tab and has one main landmark with a heading.
  await expect(page).toHaveTitle(entry.title && entry.seenBy.includes(role) ? entry.title : /Plaza/);
  await expect(page.locator("main h1").first()).toBeVisible();

  const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(overflow.scroll, `no horizontal overflow at ${width}`).toBeLessThanOrEqual(overflow.client);

  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = axe.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
  expect(serious, "no serious or critical axe violations").toEqual([]);

  expect(watcher.problems, "no console errors or failed requests").toEqual([]);
  appendFileSync(VISITED, `${entry.path} as ${role} at ${width}px\n`);
}

for (const { role, email } of TOUR_ROLES) {
  test.describe(`tour as ${role}`, () => {
    let storage: string;
    test.beforeAll(async ({ browser }, testInfo) => {
      storage = testInfo.outputPath(`storage-${role}.json`);
      mkdirSync(path.dirname(storage), { recursive: true });
      await storageFor(browser, email, storage);
    });
    for (const size of TOUR_WIDTHS) {
      for (const entry of TOUR_PAGES) {
        test(`${entry.name} at ${size.width}px`, async ({ browser }, testInfo) => {
          const context = await browser.newContext({ storageState: storage, viewport: { width: size.width, height: size.height } });
          const page = await context.newPage();
          try {
            await visit(page, entry, role, `${size.width}`, testInfo);
          } finally {
            await context.close();
          }
        });
      }
    }
  });
}

test.afterAll(() => {
  const passed = existsSync(VISITED) ? readFileSync(VISITED, "utf8").trim().split("\n").filter(Boolean).length : 0;
  const total = TOUR_PAGES.length * TOUR_ROLES.length * TOUR_WIDTHS.length;
  const summary = `tour: ${TOUR_PAGES.length} pages x ${TOUR_ROLES.length} roles x ${TOUR_WIDTHS.length} widths = ${total} visits; ${passed} passed every check so far`;
  console.log(`[tour] ${summary}`);
  writeFileSync(path.join(SCREENSHOTS, "summary.txt"), `${summary}\n`);
});

test("focus is visible: a focused control looks different from an unfocused one", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/sign-in");
  // The first Tab reaches the skip link, which appears on focus and moves to the main content.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  const email = page.getByLabel("Email");
  const button = page.getByRole("button", { name: "Sign in" });
  for (const control of [email, button]) {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const box = (await control.boundingBox())!;
    const clip = { x: Math.max(0, box.x - 6), y: Math.max(0, box.y - 6), width: box.width + 12, height: box.height + 12 };
    const before = await page.screenshot({ clip });
    await control.focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    await expect(control).toBeFocused();
    const after = await page.screenshot({ clip });
    await test.info().attach("focused", { body: after, contentType: "image/png" });
    expect(Buffer.compare(before, after), "the focus ring changes the pixels around the control").not.toBe(0);
  }
  await skip.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#main")).toBeFocused();
});

test("demo accounts on the sign-in page fill the form", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByTestId("demo-accounts").getByRole("button", { name: /member@plaza\.test/ }).click();
  await expect(page.getByLabel("Email")).toHaveValue("member@plaza.test");
  await expect(page.getByLabel("Password")).toHaveValue("plaza-demo");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("signed-in-as")).toHaveText("member@plaza.test");
});
