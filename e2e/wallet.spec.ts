import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";
import { expectWalletBalance, payOnHostedCheckout, signUpMember, signOut, startHostedTopUp, statementRow, topUp } from "./wallet-helpers";

test("a member tops up $50 on the hosted page and sees the balance and the statement row", async ({ page }) => {
  await signUpMember(page, "topup");
  await page.getByRole("banner").getByRole("link", { name: "Wallet" }).click();
  await expect(page.getByTestId("wallet-balance")).toHaveText("$0.00");
  await expect(page.getByText("No activity yet")).toBeVisible();

  await startHostedTopUp(page, "50");
  await expect(page.getByTestId("total")).toHaveText("$50.00");
  await payOnHostedCheckout(page);
  await expect(page.getByTestId("top-up-status")).toHaveText("$50.00 added");
  await expect(page.getByTestId("wallet-balance")).toHaveText("$50.00");

  await expectWalletBalance(page, "$50.00");
  await page.getByRole("link", { name: "Full statement" }).click();
  await expect(page).toHaveURL(/\/wallet\/statement$/);
  const row = page.getByTestId("statement-row").first();
  await expect(row.getByTestId("statement-type")).toHaveText("Top-up");
  await expect(row.getByTestId("statement-counterparty")).toHaveText("Card payments");
  await expect(row.getByTestId("statement-amount")).toHaveText("+$50.00");
  await expect(row.getByTestId("statement-balance")).toHaveText("$50.00");
  await expect(page.getByTestId("closing-balance")).toHaveText("$50.00");
  await expect(page.getByTestId("statement-older")).toHaveCount(0);
});

test("a declined card shows the emulator's decline message and the balance is unchanged", async ({ page }) => {
  await signUpMember(page, "declined");
  await startHostedTopUp(page, "20.00");
  await page.getByTestId("quickfill-0002").click();
  await expect(page.getByTestId("card-number")).toHaveValue("4000 0000 0000 0002");
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("checkout-error")).toHaveText("Your card was declined.");
  // Leaving Stripe's page goes back to the wallet with nothing charged.
  await page.getByTestId("back-link").click();
  await expect(page).toHaveURL(/\/wallet\?top_up=cancelled$/);
  await expect(page.getByTestId("wallet-notice")).toContainText("Top-up cancelled");
  await expect(page.getByTestId("wallet-balance")).toHaveText("$0.00");
});

test("top-up amounts are checked with clear messages before Stripe is involved", async ({ page }) => {
  await signUpMember(page, "limits");
  await page.goto("/wallet");
  const form = page.getByRole("form", { name: "Top up" });
  await form.getByLabel(/^Amount/).fill("1.50");
  await form.getByRole("button", { name: "Top up by card" }).click();
  await expect(form.getByText("Choose an amount between $5.00 and $1,000.00.")).toBeVisible();
  await form.getByLabel(/^Amount/).fill("12.345");
  await form.getByRole("button", { name: "Top up by card" }).click();
  await expect(form.getByText(/more than 2 decimal places/)).toBeVisible();
  await expect(form.getByLabel(/^Amount/)).toHaveValue("12.345");
  await expect(page).toHaveURL(/\/wallet$/);
});

test("an embedded top-up mounts Checkout on Plaza's page and credits the wallet", async ({ page }) => {
  await signUpMember(page, "embedded");
  await page.goto("/wallet");
  const form = page.getByRole("form", { name: "Top up" });
  await form.getByLabel(/^Amount/).fill("25");
  await form.getByLabel("This page (embedded)").check();
  // Stripe.js unreachable at first: a clear message and a way to try again.
  await page.route("**/js/stripe.js", (route) => route.abort());
  await form.getByRole("button", { name: "Top up by card" }).click();
  await expect(page).toHaveURL(/\/wallet\/top-up\/embedded\?session=cs_/);
  await expect(page.getByTestId("checkout-load-error")).toHaveText("Payments could not load. Check your connection and try again.");
  await page.unroute("**/js/stripe.js");
  await page.getByRole("button", { name: "Try again" }).click();
  const frame = page.frameLocator('[data-testid="emu-embedded-checkout"]');
  await expect(frame.getByTestId("total")).toHaveText("$25.00");
  await frame.getByTestId("pay-button").click();
  await expect(page).toHaveURL(/\/wallet\/top-ups\/[0-9a-f-]+\?session_id=cs_/);
  await expect(page.getByTestId("top-up-status")).toHaveText("$25.00 added");
  // Someone else's session is not found.
  const other = await page.goto("/wallet/top-up/embedded?session=cs_test_not_mine");
  expect(other?.status()).toBe(404);
});

test("saving a card turns auto top-up on, and a transfer larger than the balance tops up automatically", async ({ page }) => {
  await signUpMember(page, "auto");
  await page.goto("/wallet");
  await expect(page.getByTestId("auto-top-up-status")).toHaveText("Off");
  const setup = page.getByRole("form", { name: "Save a card for automatic top-ups" });
  await setup.getByLabel(/^Top up by/).fill("20");
  await setup.getByRole("button", { name: "Save a card" }).click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await expect(page.getByTestId("pay-button")).toHaveText("Save card");
  await page.getByTestId("pay-button").click();
  await expect(page).toHaveURL(/\/wallet\?auto_top_up=returned&session_id=cs_/);
  await expect(page.getByTestId("auto-top-up-status")).toHaveText("On");
  await expect(page.getByTestId("auto-top-up-card")).toContainText("4242");
  await expect(page.getByTestId("auto-top-up-amount")).toHaveText("$20.00");
  await expect(page.getByTestId("wallet-balance")).toHaveText("$0.00");

  // $30 from $0 with a $10 low limit needs $40: two multiples of the $20 configured.
  const transfer = page.getByRole("form", { name: "Send money" });
  await transfer.getByLabel("Recipient's email").fill("member2@plaza.test");
  await transfer.getByLabel(/^Amount/).fill("30");
  await transfer.getByLabel("Description").fill("Auto top-up covers this");
  await transfer.getByRole("button", { name: "Send money" }).click();
  // The review says what will happen before anything moves.
  await expect(transfer.getByTestId("transfer-review-amount")).toHaveText("$30.00");
  await expect(transfer.getByTestId("transfer-review")).toContainText("automatic top-up");
  await transfer.getByRole("button", { name: "Confirm and send $30.00" }).click();
  await expect(page.getByTestId("transfer-success")).toHaveText("Sent $30.00 to member2@plaza.test.");
  await expect(page.getByTestId("wallet-balance")).toHaveText("$10.00");
  await page.goto("/wallet/statement");
  const rows = page.getByTestId("statement-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByTestId("statement-type")).toHaveText("Member transfer");
  await expect(rows.nth(0).getByTestId("statement-amount")).toHaveText("-$30.00");
  await expect(rows.nth(0).getByTestId("statement-balance")).toHaveText("$10.00");
  await expect(rows.nth(1).getByTestId("statement-type")).toHaveText("Auto top-up");
  await expect(rows.nth(1).getByTestId("statement-amount")).toHaveText("+$40.00");
  await expect(rows.nth(1).getByTestId("statement-balance")).toHaveText("$40.00");

  // Turning it off keeps the card from being charged again.
  await page.goto("/wallet");
  await page.getByRole("button", { name: "Turn off automatic top-up" }).click();
  await expect(page.getByTestId("auto-top-up-status")).toHaveText("Off");
});

test("a transfer to member2 shows in both statements with running balances", async ({ page }) => {
  const sender = await signUpMember(page, "sender");
  await topUp(page, "50", "$50.00");
  const description = `Lunch ${Date.now()}`;
  await page.goto("/wallet");
  const transfer = page.getByRole("form", { name: "Send money" });
  // Mistakes are reported beside the field and nothing moves.
  await transfer.getByLabel("Recipient's email").fill("nobody-here@plaza.test");
  await transfer.getByLabel(/^Amount/).fill("12.34");
  await transfer.getByRole("button", { name: "Send money" }).click();
  await transfer.getByRole("button", { name: "Confirm and send $12.34" }).click();
  await expect(transfer.getByText("No Plaza member has the email nobody-here@plaza.test. Check it and try again.")).toBeVisible();
  await transfer.getByLabel("Recipient's email").fill("member2@plaza.test");
  await transfer.getByLabel("Description").fill(description);
  await transfer.getByRole("button", { name: "Send money" }).click();
  // Nothing has moved yet: the review shows the amount, the recipient and the balance after.
  await expect(transfer.getByTestId("transfer-review-to")).toHaveText("member2@plaza.test");
  await expect(transfer.getByTestId("transfer-review-balance-after")).toHaveText("$37.66");
  await expect(page.getByTestId("wallet-balance")).toHaveText("$50.00");
  await transfer.getByRole("button", { name: "Change" }).click();
  await expect(transfer.getByLabel(/^Amount/)).toHaveValue("12.34");
  await transfer.getByRole("button", { name: "Send money" }).click();
  await transfer.getByRole("button", { name: "Confirm and send $12.34" }).click();
  await expect(page.getByTestId("transfer-success")).toHaveText("Sent $12.34 to member2@plaza.test.");
  await expect(page.getByTestId("wallet-balance")).toHaveText("$37.66");

  await page.goto("/wallet/statement");
  const sent = statementRow(page, description);
  await expect(sent.getByTestId("statement-amount")).toHaveText("-$12.34");
  await expect(sent.getByTestId("statement-balance")).toHaveText("$37.66");
  await expect(sent.getByTestId("statement-counterparty")).toHaveText("Riley Member");
  await expect(page.getByTestId("statement-row").nth(1).getByTestId("statement-balance")).toHaveText("$50.00");

  await signOut(page);
  await signIn(page, "member2@plaza.test");
  await page.goto("/wallet");
  const member2Balance = (await page.getByTestId("wallet-balance").textContent()) ?? "";
  await page.goto("/wallet/statement");
  const received = statementRow(page, description);
  await expect(received.getByTestId("statement-amount")).toHaveText("+$12.34");
  await expect(received.getByTestId("statement-counterparty")).toHaveText(sender.name);
  // It is member2's newest entry, so its running balance is the wallet balance.
  await expect(page.getByTestId("statement-row").first()).toContainText(description);
  await expect(received.getByTestId("statement-balance")).toHaveText(member2Balance);
});

test("statement downloads: CSV with the header and rows, PDF that starts with %PDF", async ({ page }) => {
  await signUpMember(page, "download");
  await topUp(page, "50", "$50.00");
  const description = `Books ${Date.now()}`;
  await page.goto("/wallet");
  const transfer = page.getByRole("form", { name: "Send money" });
  await transfer.getByLabel("Recipient's email").fill("member2@plaza.test");
  await transfer.getByLabel(/^Amount/).fill("7.5");
  await transfer.getByLabel("Description").fill(description);
  await transfer.getByRole("button", { name: "Send money" }).click();
  await transfer.getByRole("button", { name: "Confirm and send $7.50" }).click();
  await expect(page.getByTestId("transfer-success")).toHaveText("Sent $7.50 to member2@plaza.test.");

  await page.goto("/wallet/statement");
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV" }).click()]);
  expect(csv.suggestedFilename()).toBe("plaza-wallet-statement.csv");
  const lines = (await readFile(await csv.path(), "utf8")).trimEnd().split("\r\n");
  expect(lines[0]).toBe("Date,Counterparty,Reference,Type,Description,Amount,Balance");
  expect(lines).toHaveLength(3);
  expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z,Card payments,[^,]+,Top-up,Top-up by card,50\.00,50\.00$/);
  expect(lines[2]).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:]+Z,Riley Member,[^,]+,Member transfer,${description},-7\\.50,42\\.50$`));

  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "PDF" }).click()]);
  expect(pdf.suggestedFilename()).toBe("plaza-wallet-statement.pdf");
  const bytes = await readFile(await pdf.path());
  expect(bytes.subarray(0, 4).toString("latin1")).toBe("%PDF");

  // A date range applies to the page and to the downloads.
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel("From").fill(today);
  await page.getByLabel("To (inclusive)").fill(today);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${today}&to=${today}`));
  await expect(page.getByTestId("statement-row")).toHaveCount(2);
  await expect(page.getByTestId("opening-balance")).toHaveText("$0.00");
  await expect(page.getByTestId("closing-balance")).toHaveText("$42.50");
  await expect(page.getByRole("link", { name: "CSV" })).toHaveAttribute("href", `/api/wallet/statement.csv?from=${today}&to=${today}`);
  await page.getByLabel("From").fill("2001-01-01");
  await page.getByLabel("To (inclusive)").fill("2001-01-31");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText("No transactions in this period")).toBeVisible();
  await expect(page.getByTestId("closing-balance")).toHaveText("$0.00");
});

test("the statement pages with Older and Newest links", async ({ page }) => {
  await signUpMember(page, "pages");
  await topUp(page, "100", "$100.00");
  // 26 transfers make two pages of 25 with the top-up.
  // (through the JSON API with the page's session, to keep the test quick).
  for (let i = 1; i <= 26; i++) {
    const r = await page.request.post("/api/wallet/transfers", { data: { toEmail: "member2@plaza.test", amount: 100, description: `Page test ${i}` } });
    expect(r.status()).toBe(201);
  }
  await page.goto("/wallet/statement");
  await expect(page.getByTestId("statement-row")).toHaveCount(25);
  await expect(page.getByTestId("statement-row").first().getByTestId("statement-description")).toHaveText("Page test 26");
  await expect(page.getByTestId("statement-row").first().getByTestId("statement-balance")).toHaveText("$74.00");
  await expect(page.getByTestId("statement-newest")).toHaveCount(0);
  await page.getByTestId("statement-older").click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.getByTestId("statement-row")).toHaveCount(2);
  await expect(page.getByTestId("statement-row").first().getByTestId("statement-description")).toHaveText("Page test 1");
  await expect(page.getByTestId("statement-row").first().getByTestId("statement-balance")).toHaveText("$99.00");
  await expect(page.getByTestId("statement-row").last().getByTestId("statement-type")).toHaveText("Top-up");
  await expect(page.getByTestId("statement-older")).toHaveCount(0);
  await page.getByTestId("statement-newest").click();
  await expect(page.getByTestId("statement-row")).toHaveCount(25);
});

test("a member cannot see someone else's top-up", async ({ page }) => {
  await signUpMember(page, "nosy");
  const response = await page.goto("/wallet/top-ups/00000000-0000-4000-8000-000000000000");
  expect(response?.status()).toBe(404);
});
