import { expect, type Page } from "@playwright/test";
import { signIn, uniqueEmail } from "./fixtures";

export const NEW_MEMBER_PASSWORD = "a-long-enough-password";

/** Signs up a fresh member through the sign-up page (so tests never share balances) and returns who it is. */
export async function signUpMember(page: Page, prefix = "wallet"): Promise<{ email: string; name: string }> {
  const email = uniqueEmail(prefix);
  const name = `${prefix[0].toUpperCase()}${prefix.slice(1)} ${Math.floor(Math.random() * 1e6)}`;
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(NEW_MEMBER_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  return { email, name };
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
}

/** Signs in a member created by signUpMember. */
export async function signInNewMember(page: Page, email: string) {
  await signIn(page, email, NEW_MEMBER_PASSWORD);
}

/** From /wallet: starts a hosted top-up of `amount` (major units) and lands on the emulator's Checkout page. */
export async function startHostedTopUp(page: Page, amount: string) {
  await page.goto("/wallet");
  const form = page.getByRole("form", { name: "Top up" });
  await form.getByLabel(/^Amount/).fill(amount);
  await form.getByLabel("Stripe's payment page").check();
  await form.getByRole("button", { name: "Top up by card" }).click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
}

/** Pays on the emulator's hosted Checkout page with the default 4242 card. */
export async function payOnHostedCheckout(page: Page) {
  await expect(page.getByTestId("pay-button")).toBeVisible();
  await page.getByTestId("pay-button").click();
}

/** A complete card top-up with 4242, ending on Plaza's return page showing it succeeded. */
export async function topUp(page: Page, amount: string, expected: string) {
  await startHostedTopUp(page, amount);
  await payOnHostedCheckout(page);
  await expect(page).toHaveURL(/\/wallet\/top-ups\/[0-9a-f-]+\?session_id=cs_/);
  await expect(page.getByTestId("top-up-status")).toHaveText(`${expected} added`);
}

export async function expectWalletBalance(page: Page, expected: string) {
  await page.goto("/wallet");
  await expect(page.getByTestId("wallet-balance")).toHaveText(expected);
}

/** The statement row whose description is `description` (unique per test). */
export function statementRow(page: Page, description: string | RegExp) {
  return page.getByTestId("statement-row").filter({ has: page.getByTestId("statement-description").getByText(description, { exact: typeof description === "string" }) });
}
