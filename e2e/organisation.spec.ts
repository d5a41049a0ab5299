import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./fixtures";
import { expectWalletBalance, signInNewMember, signOut, signUpMember, statementRow, topUp } from "./wallet-helpers";

const CLUB = "/orgs/harbour-bridge-club";

async function raiseIou(page: Page, memberEmail: string, amount: string, description: string) {
  await page.goto(CLUB);
  const form = page.getByRole("form", { name: "Raise an IOU" });
  await form.getByLabel("Member's email").fill(memberEmail);
  await form.getByLabel(/^Amount/).fill(amount);
  await form.getByLabel("What it's for").fill(description);
  await form.getByRole("button", { name: "Raise IOU" }).click();
  await expect(page.getByTestId("raise-iou-success")).toContainText(`Asked ${memberEmail} to pay`);
}

/** As an owner or admin of the club: adds someone with a Plaza account as a member, on the people page. */
async function addToClub(page: Page, email: string) {
  await page.goto(`${CLUB}/settings`);
  const form = page.getByRole("form", { name: "Invite someone" });
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByTestId("invite-success")).toContainText(`${email} is now member of Harbour Bridge Club`);
}

function orgIou(page: Page, description: string) {
  return page.getByTestId("org-iou").filter({ hasText: description });
}

test("an IOU raised by club@plaza.test is paid by the member from the wallet", async ({ page }) => {
  const member = await signUpMember(page, "iou");
  await topUp(page, "50", "$50.00");
  await signOut(page);

  const description = `Court fee ${Date.now()}`;
  await signIn(page, "club@plaza.test");
  await addToClub(page, member.email);
  await page.goto(CLUB);
  await expect(page.getByTestId("org-balance")).toHaveText(/^\$[\d,]+\.\d{2}$/);
  // Mistakes first: every empty field is reported at once, then an unknown member.
  const form = page.getByRole("form", { name: "Raise an IOU" });
  await form.getByRole("button", { name: "Raise IOU" }).click();
  await expect(form.getByText("Enter the member's email address, like name@example.com.")).toBeVisible();
  await expect(form.getByText("Enter an amount, like 12.34.")).toBeVisible();
  await expect(form.getByText("Say what the payment is for; the member sees it.")).toBeVisible();
  await form.getByLabel("Member's email").fill("nobody-at-all@plaza.test");
  await form.getByLabel(/^Amount/).fill("12");
  await form.getByLabel("What it's for").fill(description);
  await form.getByRole("button", { name: "Raise IOU" }).click();
  // Someone with no account reads exactly like someone who is not a member.
  await expect(form.getByText("That email doesn't belong to a member of this organisation. Invite them first.")).toBeVisible();
  await expect(form.getByLabel("What it's for")).toHaveValue(description);
  await raiseIou(page, member.email, "12", description);
  await expect(orgIou(page, description).getByTestId("org-iou-status")).toHaveText("open");
  await signOut(page);

  await signInNewMember(page, member.email);
  await page.goto("/wallet");
  const iou = page.getByTestId("member-iou").filter({ hasText: description });
  await expect(iou).toContainText("Harbour Bridge Club");
  await expect(iou).toContainText("$12.00");
  await iou.getByRole("button", { name: /Pay from wallet/ }).click();
  await expect(iou.getByTestId("pay-iou-review")).toContainText("Harbour Bridge Club");
  await expect(iou.getByTestId("pay-iou-review-balance-after")).toHaveText("$38.00");
  await iou.getByRole("button", { name: "Confirm and pay $12.00" }).click();
  await expect(page.getByTestId("wallet-notice")).toHaveText(`PaidYou paid $12.00 to Harbour Bridge Club for ${description}.`);
  await expect(page.getByTestId("wallet-balance")).toHaveText("$38.00");
  await expect(page.getByTestId("member-iou").filter({ hasText: description })).toHaveCount(0);
  await page.goto("/wallet/statement");
  const paid = statementRow(page, description);
  await expect(paid.getByTestId("statement-type")).toHaveText("IOU payment");
  await expect(paid.getByTestId("statement-counterparty")).toHaveText("Harbour Bridge Club");
  await expect(paid.getByTestId("statement-amount")).toHaveText("-$12.00");
  await expect(paid.getByTestId("statement-balance")).toHaveText("$38.00");
  await signOut(page);

  await signIn(page, "club@plaza.test");
  await page.goto(CLUB);
  await expect(orgIou(page, description).getByTestId("org-iou-status")).toHaveText("paid");
  await page.getByRole("link", { name: "Statement" }).first().click();
  await expect(page).toHaveURL(`${CLUB}/statement`);
  const received = statementRow(page, description);
  await expect(received.getByTestId("statement-amount")).toHaveText("+$12.00");
  await expect(received.getByTestId("statement-counterparty")).toHaveText(member.name);
  await expect(page.getByTestId("org-summary-row").filter({ hasText: "IOU payment" })).toBeVisible();
  // The running balance of the newest row is the organisation's balance.
  const closing = (await page.getByTestId("closing-balance").textContent()) ?? "";
  await expect(page.getByTestId("statement-row").first().getByTestId("statement-balance")).toHaveText(closing);

  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV" }).click()]);
  expect(csv.suggestedFilename()).toBe("harbour-bridge-club-statement.csv");
  const text = await readFile(await csv.path(), "utf8");
  expect(text.split("\r\n")[0]).toBe("Date,Counterparty,Reference,Type,Description,Amount,Balance");
  expect(text).toContain(`,${member.name},`);
  expect(text).toMatch(new RegExp(`,IOU payment,${description},12\\.00,`));
});

test("a member short of funds pays an IOU by card for the shortfall, and the club pays a member back", async ({ page }) => {
  const member = await signUpMember(page, "shortfall");
  await signOut(page);
  const description = `Tournament entry ${Date.now()}`;
  await signIn(page, "club@plaza.test");
  await addToClub(page, member.email);
  await raiseIou(page, member.email, "15.00", description);
  await signOut(page);

  await signInNewMember(page, member.email);
  await page.goto("/wallet");
  const iou = page.getByTestId("member-iou").filter({ hasText: description });
  await expect(iou).toContainText("you'll pay $15.00 by card");
  await iou.getByRole("button", { name: /Pay from wallet/ }).click();
  await iou.getByRole("button", { name: "Confirm and pay $15.00" }).click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await expect(page.getByTestId("total")).toHaveText("$15.00");
  await page.getByTestId("pay-button").click();
  await expect(page).toHaveURL(/\/wallet\/top-ups\/[0-9a-f-]+\?session_id=cs_/);
  await expect(page.getByTestId("top-up-status")).toHaveText("$15.00 added");
  await expect(page.getByTestId("callback-result")).toContainText("Payment complete");
  await expectWalletBalance(page, "$0.00");
  await expect(page.getByTestId("member-iou").filter({ hasText: description })).toHaveCount(0);
  await signOut(page);

  // The club now holds the $15 and pays $5 of it to the member; a double click posts once.
  await signIn(page, "club@plaza.test");
  await page.goto(CLUB);
  await expect(orgIou(page, description).getByTestId("org-iou-status")).toHaveText("paid");
  const pay = page.getByRole("form", { name: "Pay a member" });
  await pay.getByLabel("Member's email").fill(member.email);
  await pay.getByLabel(/^Amount/).fill("5");
  await pay.getByLabel("Description").fill("Prize money");
  await pay.getByRole("button", { name: "Pay member" }).click();
  // The review states the amount, the member and the organisation's balance after; nothing has moved yet.
  await expect(pay.getByTestId("pay-member-review-amount")).toHaveText("$5.00");
  await expect(pay.getByTestId("pay-member-review-to")).toHaveText(member.email);
  const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
  const before = (await page.getByTestId("org-balance").textContent()) ?? "";
  await expect(pay.getByTestId("pay-member-review-balance-after")).toHaveText(usd.format(Number(before.replace(/[$,]/g, "")) - 5));
  await pay.getByRole("button", { name: "Confirm payment" }).dblclick();
  await expect(page.getByTestId("pay-member-success")).toHaveText(`Paid $5.00 to ${member.email}.`);
  // More than the organisation holds is refused with a message.
  await pay.getByLabel("Member's email").fill(member.email);
  await pay.getByLabel(/^Amount/).fill("999999");
  await pay.getByLabel("Description").fill("Too much");
  await pay.getByRole("button", { name: "Pay member" }).click();
  await expect(pay.getByTestId("pay-member-review")).toContainText("this payment will be refused");
  await pay.getByRole("button", { name: "Confirm payment" }).click();
  await expect(page.getByTestId("pay-member-error")).toHaveText("Harbour Bridge Club's balance is too low to pay this amount.");
  await signOut(page);

  await signInNewMember(page, member.email);
  await expectWalletBalance(page, "$5.00");
  await page.goto("/wallet/statement");
  const prize = statementRow(page, "Prize money");
  await expect(prize).toHaveCount(1);
  await expect(prize.getByTestId("statement-type")).toHaveText("Organisation transfer");
  await expect(prize.getByTestId("statement-amount")).toHaveText("+$5.00");
});

test("the club cancels an open IOU and the member no longer sees it", async ({ page }) => {
  const member = await signUpMember(page, "cancel");
  await signOut(page);
  const description = `Locker ${Date.now()}`;
  await signIn(page, "club@plaza.test");
  await addToClub(page, member.email);
  await raiseIou(page, member.email, "8", description);
  await orgIou(page, description).getByRole("button", { name: /Cancel/ }).click();
  // A second, explicit click: the review names the amount and the member.
  await expect(orgIou(page, description).getByTestId("cancel-iou-review")).toContainText("$8.00");
  await expect(orgIou(page, description).getByTestId("org-iou-status")).toHaveText("open");
  await orgIou(page, description).getByRole("button", { name: "Yes, cancel IOU" }).click();
  await expect(orgIou(page, description).getByTestId("org-iou-status")).toHaveText("cancelled");
  await expect(orgIou(page, description).getByRole("button", { name: /Cancel/ })).toHaveCount(0);
  await signOut(page);
  await signInNewMember(page, member.email);
  await page.goto("/wallet");
  await expect(page.getByText("Nothing to pay")).toBeVisible();
});

test("the dev outbox shows the emails the wallet queued, to platform admins only", async ({ page }) => {
  const member = await signUpMember(page, "outbox");
  await topUp(page, "20", "$20.00");
  // A member neither sees the link nor reads the outbox; signed out, it asks to sign in first.
  await expect(page.getByRole("link", { name: /Dev outbox/ })).toHaveCount(0);
  expect((await page.goto("/dev/outbox"))?.status()).toBe(403);
  await expect(page.getByTestId("outbox")).toHaveCount(0);
  await signOut(page);
  await page.goto("/dev/outbox");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdev%2Foutbox/);
  await signIn(page, "admin@plaza.test");
  await page.goto("/");
  await page.getByRole("link", { name: /Dev outbox/ }).click();
  const email = page.getByTestId("outbox-email").filter({ hasText: member.email }).first();
  await expect(email.getByTestId("outbox-subject")).toHaveText("Your wallet was topped up with $20.00");
  await expect(email).toContainText("Your balance is now $20.00.");
});

test("the organisation statement and its CSV need a role in the organisation", async ({ page }) => {
  await signIn(page, "member@plaza.test");
  expect((await page.goto(`${CLUB}/statement`))?.status()).toBe(403);
  const csv = await page.request.get(`${CLUB}/statement.csv`);
  expect(csv.status()).toBe(403);
  expect((await csv.json()).error.code).toBe("forbidden");
  expect((await page.goto("/orgs/adas-coaching/statement"))?.status()).toBe(404);
});
