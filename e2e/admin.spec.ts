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

function usd(minor: number): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(minor / 100);
}

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
