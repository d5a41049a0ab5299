import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";
import { expectWalletBalance, signUpMember, statementRow, topUp } from "./wallet-helpers";

test("the club's owner sees the sales chart of the seeded sales and exports the orders as CSV", async ({ page }) => {
  await signIn(page, "club@plaza.test");
  await page.goto("/orgs/harbour-bridge-club");
  await page.getByRole("link", { name: "Sales", exact: true }).click();
  await expect(page).toHaveURL(/\/orgs\/harbour-bridge-club\/sales$/);
  await expect(page.getByRole("heading", { name: "Harbour Bridge Club: sales" })).toBeVisible();

  // 60 days of demo sales: one bar per day, many of them non-empty, and totals that add up.
  const chart = page.getByTestId("sales-chart");
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute("data-points", "60");
  const grosses = await chart.getByTestId("sales-bar").evaluateAll((bars) => bars.map((b) => Number(b.getAttribute("data-gross"))));
  expect(grosses.filter((g) => g > 0).length).toBeGreaterThanOrEqual(20);
  const total = grosses.reduce((s, g) => s + g, 0);
  await expect(page.getByTestId("sales-total-gross")).toHaveAttribute("data-amount", String(total));
  const [gross, fees, refunds, net] = await Promise.all(["gross", "fees", "refunds", "net"].map(async (k) => Number(await page.getByTestId(`sales-total-${k}`).getAttribute("data-amount"))));
  expect(fees).toBeGreaterThan(0);
  // Refunds: the after-sale demo refunds half a course (seeded in the background at start).
  expect(net).toBe(gross - fees - refunds);
  await expect(page.getByTestId("sales-top-listings")).toContainText("Bridge for beginners");
  await expect(page.getByTestId("sales-order").first()).toBeVisible();
  await expect(page.getByTestId("sales-disputes-slot").getByRole("link", { name: /Disputes/ })).toHaveAttribute("href", "/orgs/harbour-bridge-club/disputes");

  // Weekly buckets keep the same total.
  await page.getByLabel("Chart by").selectOption("week");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/interval=week/);
  await expect(page.getByRole("heading", { name: "Sales per week" })).toBeVisible();
  await expect(page.getByTestId("sales-chart")).toHaveAttribute("data-total", String(total));

  const download = page.waitForEvent("download");
  await page.getByTestId("sales-csv").click();
  const file = await download;
  const csv = await readFile((await file.path())!, "utf8");
  const lines = csv.split("\r\n").filter(Boolean);
  expect(lines[0]).toBe("Created,Paid,Order,Status,Buyer,Items,Amount,Platform fee,Refunded,Net,Currency");
  expect(lines.length).toBeGreaterThan(20);
  expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z,[0-9a-f-]{36},paid,/);
  const csvGross = lines.slice(1).reduce((s, l) => s + Math.round(Number(l.split(",").at(-5)) * 100), 0);
  // The CSV lists orders by the day they were created, the chart by the day they were paid (a minute later).
  expect(csvGross).toBeGreaterThan(total * 0.9);
  expect(csvGross).toBeLessThanOrEqual(total);
});

test("a member refunds a top-up to the card through the confirm screen, less the 3% charge", async ({ page }) => {
  test.slow(); // sign-up, a card top-up through Checkout, then seven pages
  await signUpMember(page, "refund");
  await topUp(page, "50", "$50.00");
  await page.goto("/wallet");
  await page.getByRole("link", { name: "Top-ups and refunds" }).click();
  await expect(page).toHaveURL(/\/wallet\/top-ups$/);
  const row = page.getByTestId("top-up-row").first();
  await expect(row.getByTestId("top-up-left")).toHaveText("$50.00");
  await row.getByRole("link", { name: "Refund to card" }).click();

  // Step one: the review, nothing moved yet.
  await expect(page.getByTestId("refund-amount")).toHaveText("$50.00");
  await expect(page.getByTestId("refund-charge")).toHaveText("$1.50");
  await expect(page.getByTestId("refund-card-amount")).toHaveText("$48.50");
  await expect(page.getByTestId("refund-balance-after")).toHaveText("$0.00");
  // A smaller amount: reviewed again before anything happens.
  await page.getByLabel(/^Amount to take from your wallet/).fill("20");
  await page.getByRole("button", { name: "Review this amount" }).click();
  await expect(page.getByTestId("refund-card-amount")).toHaveText("$19.40");
  await expect(page.getByTestId("refund-balance-after")).toHaveText("$30.00");
  const url = page.url();
  await expectWalletBalance(page, "$50.00");
  await page.goto(url);

  // Step two: the explicit button.
  await page.getByRole("button", { name: "Refund $19.40 to my card" }).click();
  await expect(page).toHaveURL(/\/wallet\/top-ups\?refunded=/);
  await expect(page.getByTestId("refund-notice")).toContainText("$19.40 goes back to your card");
  await expect(page.getByTestId("top-up-row").first().getByTestId("top-up-left")).toHaveText("$30.00");
  await expect(page.getByTestId("top-up-refund").first()).toHaveAttribute("data-status", "succeeded");
  await expectWalletBalance(page, "$30.00");

  await page.goto("/wallet/statement");
  await expect(statementRow(page, "Refund to card").getByTestId("statement-amount")).toHaveText("-$19.40");
  await expect(statementRow(page, "Refund charge (3%)").getByTestId("statement-amount")).toHaveText("-$0.60");
});
