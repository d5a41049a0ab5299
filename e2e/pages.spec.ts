import { inflateSync } from "node:zlib";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { PDFDocument } from "pdf-lib";
import { signIn } from "./fixtures";
import { signOut, signUpMember, topUp } from "./wallet-helpers";

/**
 * Page finish checks that the visual tour (tour.spec.ts) does not make: a real period in the organisation
 * statement PDF and on its date inputs, the wait for Stripe timing out with what to do, the people page's
 * rows, focus rings on signed-in pages seen in screenshots, and form errors announced.
 */

const CLUB = "/orgs/harbour-bridge-club";

/** "1 Dec 2026" for a YYYY-MM-DD day, as Plaza's formatter writes days (en-GB, UTC in the e2e run). */
function dayText(isoDay: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" }).format(new Date(`${isoDay}T00:00:00Z`));
}

/** The text a PDF draws (its content streams' Tj strings), one string per line drawn. */
function pdfText(bytes: Buffer): string {
  const raw = bytes.toString("latin1");
  const out: string[] = [];
  const start = /stream\r?\n/g;
  for (let m = start.exec(raw); m; m = start.exec(raw)) {
    const from = m.index + m[0].length;
    const to = raw.indexOf("endstream", from);
    const chunk = bytes.subarray(from, to);
    let content: string;
    try {
      content = inflateSync(chunk).toString("latin1");
    } catch {
      content = chunk.toString("latin1");
    }
    for (const t of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
      out.push(t[1] ? Buffer.from(t[1], "hex").toString("latin1") : t[2].replace(/\\(.)/g, "$1"));
    }
  }
  return out.join("\n");
}

test("the organisation statement: the date inputs show the period in force, and the PDF states the same real period", async ({ page, browser }) => {
  test.setTimeout(180_000); // a top-up, an IOU paid after its review, then the statement and its PDF
  // The club's account gets a transaction: a new member pays an IOU from the wallet (after its review).
  const member = await signUpMember(page, "statement");
  await topUp(page, "20", "$20.00");
  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await signIn(ownerPage, "club@plaza.test");
  const description = `Fee ${Math.floor(1000 + Math.random() * 9000)}`;
  expect((await ownerPage.request.post(`/api/orgs/harbour-bridge-club/members`, { data: { email: member.email, role: "member" } })).status()).toBe(201);
  expect((await ownerPage.request.post(`/api/orgs/harbour-bridge-club/ious`, { data: { email: member.email, amount: 500, description } })).status()).toBe(201);
  await owner.close();
  await page.goto("/wallet");
  const iou = page.getByTestId("member-iou").filter({ hasText: description });
  await iou.getByRole("button", { name: /Pay from wallet/ }).click();
  await expect(iou.getByTestId("pay-iou-review")).toContainText("Harbour Bridge Club");
  await expect(iou.getByTestId("pay-iou-review-balance-after")).toHaveText("$15.00");
  await iou.getByRole("button", { name: "Confirm and pay $5.00" }).click();
  await expect(page.getByTestId("wallet-notice")).toContainText(`You paid $5.00 to Harbour Bridge Club for ${description}.`);
  await signOut(page);

  await signIn(page, "club@plaza.test");
  await page.goto(`${CLUB}/statement`);
  const from = await page.getByLabel("From").inputValue();
  const to = await page.getByLabel("To (inclusive)").inputValue();
  // No range chosen: the inputs read real days (the first transaction's, today), never an empty mm/dd/yyyy.
  expect(from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(to).toBe(new Date().toISOString().slice(0, 10));
  expect(from <= to).toBe(true);
  await expect(page.getByTestId("statement-period")).toContainText(`${dayText(from)} to ${dayText(to)}`);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "PDF" }).click()]);
  expect(download.suggestedFilename()).toBe("harbour-bridge-club-statement.pdf");
  const { readFile } = await import("node:fs/promises");
  const bytes = await readFile(await download.path());
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const doc = await PDFDocument.load(bytes);
  expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
  const text = pdfText(bytes);
  expect(text).toContain("Harbour Bridge Club");
  expect(text).toContain(description);
  expect(text).toContain(`Period: ${dayText(from)} to ${dayText(to)}`);
  expect(text).not.toMatch(/opening to/i);

  // A chosen range is the period the PDF states, whatever it holds.
  const ranged = await page.request.get(`${CLUB}/statement.pdf?from=2026-11-01&to=2026-11-30`);
  expect(ranged.status()).toBe(200);
  expect(ranged.headers()["content-type"]).toContain("application/pdf");
  const rangedText = pdfText(Buffer.from(await ranged.body()));
  expect(rangedText).toContain("Period: 1 Nov 2026 to 30 Nov 2026");

  // At 390 px the statement's rows keep their amount and balance on screen, and neither page overflows; the
  // screenshots are saved with the tour's (test-results/pages/) and attached.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [name, path] of [
    ["org", CLUB],
    ["org-statement", `${CLUB}/statement`],
  ] as const) {
    await page.goto(path);
    const shot = await page.screenshot({ fullPage: true, path: `test-results/pages/390/owner--${name}-with-activity.png` });
    await test.info().attach(`390-${name}`, { body: shot, contentType: "image/png" });
    const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(width.scroll, `${path} fits 390 px`).toBeLessThanOrEqual(width.client);
  }
  const row = page.getByTestId("statement-row").filter({ hasText: description });
  for (const cell of [row.getByTestId("statement-amount"), row.getByTestId("statement-balance")]) {
    await expect(cell).toBeVisible();
    const box = (await cell.boundingBox())!;
    expect(box.x + box.width, "money stays inside the phone's width").toBeLessThanOrEqual(390);
  }
  await expect(row.getByTestId("statement-amount")).toHaveText("+$5.00");

  // The page with that range keeps it in its inputs.
  await page.goto(`${CLUB}/statement?from=2026-11-01&to=2026-11-30`);
  await expect(page.getByLabel("From")).toHaveValue("2026-11-01");
  await expect(page.getByLabel("To (inclusive)")).toHaveValue("2026-11-30");
  await expect(page.getByTestId("statement-period")).toContainText("1 Nov 2026 to 30 Nov 2026");
});

test("a new member lands on the first run, and their empty statement still shows real days in its date inputs", async ({ page }) => {
  await signUpMember(page, "period");
  const firstRun = page.getByTestId("first-run");
  await expect(firstRun).toBeVisible();
  await expect(firstRun.getByRole("link", { name: "Create an organisation" })).toHaveAttribute("href", "/orgs/new");
  await expect(firstRun.getByRole("link", { name: "Browse listings" })).toHaveAttribute("href", "/listings");
  await expect(firstRun).toContainText("Join your club by invitation");
  await page.goto("/wallet/statement");
  const today = new Date().toISOString().slice(0, 10);
  await expect(page.getByLabel("From")).toHaveValue(today);
  await expect(page.getByLabel("To (inclusive)")).toHaveValue(today);
  await expect(page.getByTestId("statement-period")).toContainText(`No transactions up to ${dayText(today)}`);
});

test("waiting for Stripe shows progress, then after the timeout says what to do and can check again", async ({ page }) => {
  await signUpMember(page, "waiting");
  // A top-up whose Checkout is never paid: Stripe never confirms it.
  const started = await page.request.post("/api/wallet/top-ups", { data: { amount: 1500, uiMode: "hosted" } });
  expect(started.status()).toBe(201);
  const { topUpId, sessionId } = (await started.json()) as { topUpId: string; sessionId: string };
  await page.clock.install();
  await page.goto(`/wallet/top-ups/${topUpId}?session_id=${sessionId}`);
  await expect(page.getByTestId("top-up-status")).toHaveAttribute("data-status", "pending");
  const wait = page.getByTestId("stripe-wait");
  await expect(wait).toHaveAttribute("data-state", "waiting");
  await expect(wait).toContainText("Confirming with Stripe…");
  await page.clock.runFor(31_000);
  await expect(wait).toHaveAttribute("data-state", "timed-out");
  await expect(page.getByTestId("stripe-wait-timeout")).toContainText("Nothing is lost");
  await expect(page.getByTestId("stripe-wait-timeout")).toContainText("Check again in a minute");
  await page.getByRole("button", { name: "Check again" }).click();
  await expect(wait).toHaveAttribute("data-state", "waiting");
});

test("the people page at 1280 px: one tidy line per person, role labels for screen readers only", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, "club@plaza.test");
  await page.goto(`${CLUB}/settings`);
  const row = page.getByTestId("org-person").filter({ hasText: "member@plaza.test" });
  const select = row.getByLabel("Role of member@plaza.test");
  await expect(select).toBeVisible();
  // The label names the select for assistive technology but takes no room on screen.
  const label = row.locator("label", { hasText: "Role of member@plaza.test" });
  const labelBox = (await label.boundingBox())!;
  expect(labelBox.width * labelBox.height).toBeLessThanOrEqual(1);
  const remove = row.getByRole("button", { name: "Remove member@plaza.test" });
  const save = row.getByRole("button", { name: "Save role of member@plaza.test" });
  const [s, b, r, line] = await Promise.all([select.boundingBox(), save.boundingBox(), remove.boundingBox(), row.boundingBox()]);
  // Select, Save and Remove side by side on one line, each button one line tall.
  for (const box of [b!, r!]) {
    expect(box.height).toBeLessThan(44);
    expect(Math.abs(box.y + box.height / 2 - (s!.y + s!.height / 2))).toBeLessThan(4);
  }
  expect(s!.x).toBeLessThan(b!.x);
  expect(b!.x).toBeLessThan(r!.x);
  expect(line!.height).toBeLessThan(90);
});

/** Pixels of a thin strip `gap` px outside the control's top and left edges, where the focus ring is drawn. */
async function ringStrips(page: Page, control: Locator) {
  const box = (await control.boundingBox())!;
  const top = await page.screenshot({ clip: { x: box.x, y: box.y - 5, width: box.width, height: 4 } });
  const left = await page.screenshot({ clip: { x: box.x - 5, y: box.y, width: 4, height: box.height } });
  return Buffer.concat([top, left]);
}

async function expectVisibleFocus(page: Page, control: Locator) {
  await control.scrollIntoViewIfNeeded();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const before = await ringStrips(page, control);
  // Reach it by keyboard, as a keyboard user would (focus-visible).
  await control.focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await expect(control).toBeFocused();
  const after = await ringStrips(page, control);
  await test.info().attach("focused", { body: await page.screenshot({ clip: await padded(control) }), contentType: "image/png" });
  // Only a ring drawn outside the control can change these strips (not a caret or a hover inside it).
  expect(Buffer.compare(before, after), "a focus ring is drawn around the control").not.toBe(0);
}

async function padded(control: Locator) {
  const box = (await control.boundingBox())!;
  return { x: Math.max(0, box.x - 8), y: Math.max(0, box.y - 8), width: box.width + 16, height: box.height + 16 };
}

test("focus is visible on signed-in pages: inputs, buttons, links and the review's confirm button", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "member@plaza.test");
  await page.goto("/wallet");
  const transfer = page.getByRole("form", { name: "Send money" });
  await expectVisibleFocus(page, transfer.getByLabel("Recipient's email"));
  await expectVisibleFocus(page, transfer.getByRole("button", { name: "Send money" }));
  await expectVisibleFocus(page, page.getByRole("main").getByRole("link", { name: "Statement" }).first());
  await transfer.getByLabel("Recipient's email").fill("member2@plaza.test");
  await transfer.getByLabel(/^Amount/).fill("1.00");
  await transfer.getByRole("button", { name: "Send money" }).click();
  const confirm = transfer.getByRole("button", { name: "Confirm and send $1.00" });
  await expect(confirm).toBeVisible();
  await expectVisibleFocus(page, confirm);
  await transfer.getByRole("button", { name: "Change" }).click();
  await expect(confirm).toHaveCount(0);
});

test("form errors are announced (role=alert) and tied to their fields on the main forms", async ({ page }) => {
  const expectAnnounced = async (form: Locator, submit: string) => {
    await form.getByRole("button", { name: submit, exact: true }).click();
    const alert = form.getByRole("alert").first();
    await expect(alert).toBeVisible();
    await expect(alert).not.toHaveText("");
    // A field error is the invalid input's description.
    const invalid = form.locator("[aria-invalid='true']").first();
    if ((await invalid.count()) > 0) {
      const describedBy = await invalid.getAttribute("aria-describedby");
      expect(describedBy).toBeTruthy();
      await expect(page.locator(`[id="${describedBy}"]`)).toHaveAttribute("role", "alert");
    }
  };

  await page.goto("/sign-in");
  await expectAnnounced(page.getByRole("form", { name: "Sign in" }), "Sign in");

  await signIn(page, "club@plaza.test");
  await page.goto("/wallet");
  await expectAnnounced(page.getByRole("form", { name: "Top up" }), "Top up by card");
  await expectAnnounced(page.getByRole("form", { name: "Send money" }), "Send money");
  await page.goto(CLUB);
  await expectAnnounced(page.getByRole("form", { name: "Raise an IOU" }), "Raise IOU");
  await expectAnnounced(page.getByRole("form", { name: "Pay a member" }), "Pay member");
  await page.goto(`${CLUB}/settings`);
  await expectAnnounced(page.getByRole("form", { name: "Invite someone" }), "Invite");
  await page.goto("/orgs/new");
  await expectAnnounced(page.getByRole("form", { name: "Create an organisation" }), "Create organisation");
});

test("favicon and app icons are served from public/ and named in every page's head", async ({ page }) => {
  for (const [path, type] of [
    ["/favicon.ico", /image\/(x-icon|vnd\.microsoft\.icon)/],
    ["/icon.svg", /image\/svg\+xml/],
    ["/icon-192.png", /image\/png/],
    ["/icon-512.png", /image\/png/],
    ["/apple-touch-icon.png", /image\/png/],
  ] as const) {
    const r = await page.request.get(path);
    expect(r.status(), path).toBe(200);
    expect(r.headers()["content-type"], path).toMatch(type);
  }
  await page.goto("/");
  await expect(page.locator("head link[rel='icon'][href^='/favicon.ico']")).toHaveCount(1);
  await expect(page.locator("head link[rel='apple-touch-icon']")).toHaveAttribute("href", /apple-touch-icon\.png/);
});
