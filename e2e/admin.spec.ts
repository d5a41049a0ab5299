import { expect, test } from "@playwright/test";
import { E2E_APP_PORT, E2E_EMULATOR_PORT } from "../playwright.config";
import { signIn } from "./fixtures";
import { statementRow } from "./wallet-helpers";

interface EmuTransfer {
  id: string;
  amount: number;
  destination: string;
  metadata: Record<string, string>;
}

/** The transfers the emulator holds (the platform's own view, as in the Stripe Dashboard). */
async function transfers(): Promise<EmuTransfer[]> {
  const r = await fetch(`http://127.0.0.1:${E2E_EMULATOR_PORT}/v1/transfers?limit=100`, { headers: { Authorization: "Bearer sk_test_plaza_emulator" } });
  expect(r.ok).toBe(true);
  const body: { data: EmuTransfer[] } = await r.json();
  return body.data;
}

/** A connected account's available USD balance at the emulator, in cents. */
async function availableAt(account: string): Promise<number> {
  const r = await fetch(`http://127.0.0.1:${E2E_EMULATOR_PORT}/v1/balance`, { headers: { Authorization: "Bearer sk_test_plaza_emulator", "Stripe-Account": account } });
  expect(r.ok).toBe(true);
  const body: { available: { amount: number; currency: string }[] } = await r.json();
  return body.available.find((b) => b.currency === "usd")?.amount ?? 0;
}

/** "$1,234.56" → 123456. */
function cents(text: string): number {
  const m = /-?\$[\d,]+\.\d{2}/.exec(text);
  expect(m, `an amount in "${text}"`).not.toBeNull();
  return Number(m![0].replace(/[$,.]/g, ""));
}

function usd(minor: number): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(minor / 100);
}

test("an admin records a fee change from tomorrow: today's fees stay, tomorrow's show the change, the history keeps it", async ({ page }) => {
  await signIn(page, "admin@plaza.test");
  await page.goto("/admin/fees");
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const adaRow = () => page.getByTestId("fees-in-force").getByRole("row").filter({ hasText: "Ada's Coaching" });
  await expect(adaRow()).toHaveCount(1);
  await expect(adaRow()).not.toContainText("2.25%");

  const form = page.getByRole("form", { name: "Record a fee change" });
  await form.getByLabel("Applies to").selectOption("adas-coaching");
  await form.getByLabel("Card fee (%)").fill("7.5");
  await form.getByLabel("Fixed part").fill("0.25");
  await form.getByLabel("Settlement fee (%)").fill("2.25");
  await form.getByLabel("Effective from").fill(tomorrow);
  await form.getByLabel("Reason").fill("New instructor rate from tomorrow");
  await form.getByRole("button", { name: "Record the change" }).click();
  await expect(page.getByTestId("fee-saved")).toBeVisible();

  // Today nothing changed; on tomorrow's date the override is in force; the history names it with its reason.
  await page.goto("/admin/fees");
  await expect(adaRow()).not.toContainText("2.25%");
  await page.goto(`/admin/fees?on=${tomorrow}`);
  await expect(adaRow()).toContainText("override");
  await expect(adaRow()).toContainText("7.50% + $0.25");
  await expect(adaRow()).toContainText("2.25%");
  const history = page.getByRole("region", { name: "Override history" }).getByRole("row").filter({ hasText: "New instructor rate from tomorrow" });
  await expect(history).toHaveCount(1);
  await expect(history).toContainText("admin@plaza.test");
});

test("the admin settles last month: Harbour Bridge Club is paid by Stripe transfer once, and its statement shows the settlement and the fee", async ({ page }) => {
  // The demo history: Harbour Bridge Club held 220.00 at the end of last month; its float is 50.00 and the
  // settlement fee 1.5%: 170.00 gross, 2.55 fee, 167.45 paid.
  const gross = 17_000;
  const fee = 255;
  const amount = gross - fee;
  await signIn(page, "admin@plaza.test");
  await page.goto("/admin/settlements");
  await page.getByRole("button", { name: "Prepare the proposal" }).click();
  await expect(page).toHaveURL(/\/admin\/settlements\/[0-9a-f-]{36}$/);
  const settlementId = page.url().split("/").pop() ?? "";
  const line = page.getByTestId("proposal-line-harbour-bridge-club");
  await expect(line).toContainText("Harbour Bridge Club");
  await expect(line).toContainText(usd(22_000));
  await expect(line).toContainText(usd(5_000));
  await expect(line).toContainText(usd(fee));
  await expect(line).toContainText("Stripe transfer");
  await expect(line.getByRole("textbox")).toHaveValue("167.45");

  // First the review (nothing moves), then the explicit confirm.
  const before = (await transfers()).filter((t) => t.metadata.plaza_settlement_id === settlementId);
  expect(before).toHaveLength(0);
  await page.getByRole("button", { name: "Review the settlement" }).click();
  const review = page.getByTestId("settlement-review");
  await expect(review).toBeVisible();
  await expect(review.getByTestId("settlement-review-transfer")).toContainText(usd(amount));
  expect((await transfers()).filter((t) => t.metadata.plaza_settlement_id === settlementId)).toHaveLength(0);
  await review.getByRole("button", { name: /^Confirm and pay/ }).click();
  // The page comes back confirmed (the proposal form gives way to the lines and their outcome).
  await expect(page.getByTestId("settlement-status")).toHaveText("confirmed");
  await page.reload();
  const paid = page.getByTestId("settlement-line-harbour-bridge-club");
  await expect(paid).toHaveAttribute("data-status", "paid");
  await expect(paid.getByTestId("line-method")).toHaveText("Stripe transfer");
  await expect(paid.getByTestId("line-amount")).toHaveText(usd(amount));
  const transferId = (await paid.getByTestId("line-transfer").textContent()) ?? "";
  expect(transferId).toMatch(/^tr_/);

  // Visible in the emulator: one transfer to the club's connected account for the amount.
  const made = (await transfers()).filter((t) => t.metadata.plaza_settlement_id === settlementId && t.metadata.plaza_organisation_id);
  const toClub = made.filter((t) => t.id === transferId);
  expect(toClub).toHaveLength(1);
  expect(toClub[0].amount).toBe(amount);

  // The club's payments page shows its Stripe balance after the transfer, as Stripe (the emulator) holds it.
  const account = toClub[0].destination;
  await page.goto("/orgs/harbour-bridge-club/payments");
  const available = page.getByTestId("seller-balance").locator("div").filter({ hasText: "Available" }).locator("dd");
  await expect(available).toBeVisible();
  const shown = cents((await available.textContent()) ?? "");
  expect(shown).toBe(await availableAt(account));

  // A second confirm (the API, as another admin's click would) pays nothing more.
  const again = await page.request.post(`/api/admin/settlements/${settlementId}/confirm`, { data: {}, headers: { Origin: `http://localhost:${E2E_APP_PORT}` } });
  expect(again.status()).toBe(200);
  expect(await again.json()).toMatchObject({ paidNow: 0, alreadyConfirmed: true });
  expect((await transfers()).filter((t) => t.metadata.plaza_settlement_id === settlementId)).toHaveLength(made.length);

  // The club's statement shows the settlement and the fee.
  await page.goto("/orgs/harbour-bridge-club/statement");
  const settlement = statementRow(page, /^Settlement of the balance at \d{4}-\d{2}-\d{2} \(Stripe transfer\)$/);
  await expect(settlement).toHaveCount(1);
  await expect(settlement.getByTestId("statement-amount")).toHaveText(`-${usd(amount)}`);
  const feeRow = statementRow(page, /^Settlement fee \(1\.50%\) for \d{4}-\d{2}-\d{2}$/);
  await expect(feeRow).toHaveCount(1);
  await expect(feeRow.getByTestId("statement-amount")).toHaveText(`-${usd(fee)}`);
});
