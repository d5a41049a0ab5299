import { expect, test, type Page } from "@playwright/test";
import { uniqueEmail } from "./fixtures";
import { emulatorControl } from "./emulator-control";
import { NEW_MEMBER_PASSWORD, signOut, signUpMember } from "./wallet-helpers";

async function createOrganisation(page: Page, name: string): Promise<string> {
  await page.goto("/account");
  await page.getByRole("link", { name: "Create an organisation" }).first().click();
  const form = page.getByRole("form", { name: "Create an organisation" });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create organisation" }).click();
  await expect(page.getByTestId("org-created")).toBeVisible();
  const slug = new URL(page.url()).pathname.split("/")[2];
  return slug;
}

async function connectStatus(page: Page, slug: string) {
  const r = await page.request.get(`/api/orgs/${slug}/connect`);
  expect(r.status()).toBe(200);
  return r.json();
}

test("a new user creates an organisation and invites someone who then signs up and is a member", async ({ page }) => {
  await signUpMember(page, "founder");
  const slug = await createOrganisation(page, `Founders Club ${Date.now()}`);
  const invitee = uniqueEmail("invitee");
  const form = page.getByRole("form", { name: "Invite someone" });
  await form.getByLabel("Email").fill(invitee);
  await form.getByLabel("Role").selectOption("staff");
  await form.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByTestId("invite-success")).toContainText(`Invited ${invitee} as staff`);
  await expect(page.getByTestId("org-invitation").filter({ hasText: invitee })).toBeVisible();
  // The last owner cannot leave.
  await page.getByRole("button", { name: /^Leave / }).click();
  await expect(page.getByRole("alert").filter({ hasText: "at least one owner" })).toBeVisible();
  await signOut(page);

  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Invited Person");
  await page.getByLabel("Email").fill(invitee);
  await page.getByLabel("Password").fill(NEW_MEMBER_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("link", { name: /Founders Club/ })).toBeVisible();
  await page.goto(`/orgs/${slug}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Founders Club");
});

test("connects by Express through Stripe's onboarding and can sell; a restriction is explained in plain words", async ({ page }) => {
  await signUpMember(page, "express");
  const slug = await createOrganisation(page, `Express Seller ${Date.now()}`);
  await page.goto(`/orgs/${slug}/payments`);
  await expect(page.getByTestId("can-sell")).toHaveAttribute("data-can-sell", "false");
  await expect(page.getByTestId("sell-reason").first()).toHaveAttribute("data-code", "not_onboarded");
  await page.getByRole("form", { name: /Connect with Express/ }).getByRole("button", { name: "Connect express" }).click();
  await expect(page.getByTestId("onboard-submit")).toBeVisible();
  await page.getByTestId("onboard-submit").click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${slug}/payments$`));
  await expect(page.getByTestId("can-sell")).toHaveAttribute("data-can-sell", "true");
  const status = await connectStatus(page, slug);
  expect(status).toMatchObject({ canSell: true, account: { kind: "express" } });

  await emulatorControl(`/_emu/accounts/${status.account.id}/onboard`, { outcome: "restricted" });
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("can-sell")).toHaveAttribute("data-can-sell", "false", { timeout: 1000 });
  }).toPass();
  await expect(page.getByTestId("sell-reason").filter({ hasText: /Stripe needs more information|deadline/ }).first()).toBeVisible();
});

test("connects by Standard OAuth, then disconnects and can no longer sell", async ({ page }) => {
  await signUpMember(page, "standard");
  const slug = await createOrganisation(page, `Standard Seller ${Date.now()}`);
  await page.goto(`/orgs/${slug}/payments`);
  await page.getByRole("form", { name: /Connect with Standard/ }).getByRole("button", { name: "Connect standard" }).click();
  await page.getByTestId("oauth-connect-new").click();
  await expect(page.getByTestId("connect-done")).toBeVisible();
  await expect(page.getByTestId("can-sell")).toHaveAttribute("data-can-sell", "true");
  expect((await connectStatus(page, slug)).canSell).toBe(true);

  await page.getByRole("button", { name: "Disconnect Stripe account" }).click();
  await expect(page.getByTestId("sell-reason").first()).toHaveAttribute("data-code", "disconnected");
  const after = await connectStatus(page, slug);
  expect(after.canSell).toBe(false);
  expect(after.reasons.map((r: { code: string }) => r.code)).toEqual(["disconnected"]);
});

test("a denied OAuth consent connects nothing and says so", async ({ page }) => {
  await signUpMember(page, "denied");
  const slug = await createOrganisation(page, `Denied Seller ${Date.now()}`);
  await page.goto(`/orgs/${slug}/payments`);
  await page.getByRole("form", { name: /Connect with Standard/ }).getByRole("button", { name: "Connect standard" }).click();
  await page.getByTestId("oauth-deny").click();
  await expect(page.getByTestId("connect-refused")).toContainText("You declined");
  expect((await connectStatus(page, slug)).account).toBeNull();
});

test("connects by Custom with Plaza's own form and can sell", async ({ page }) => {
  await signUpMember(page, "custom");
  const slug = await createOrganisation(page, `Custom Seller ${Date.now()}`);
  await page.goto(`/orgs/${slug}/payments`);
  await page.getByRole("form", { name: /Connect with Custom/ }).getByRole("button", { name: "Connect custom" }).click();
  const form = page.getByRole("form", { name: "Your details for Stripe" });
  await expect(form).toBeVisible();
  const fill = async (label: string, value: string) => {
    const field = form.getByLabel(label, { exact: true });
    if (await field.count()) await field.fill(value);
  };
  await fill("First name", "Jenny");
  await fill("Last name", "Rosen");
  await fill("Date of birth", "1990-01-15");
  await fill("Email", "jenny@plaza.test");
  await fill("Phone", "+15550100000");
  await fill("Street address", "1 Main St");
  await fill("City", "Springfield");
  await fill("ZIP code", "94110");
  await fill("State", "CA");
  await fill("Bank routing number", "110000000");
  await fill("Bank account number", "000123456789");
  for (const label of ["Identity document, front", "Identity document, back"]) {
    const file = form.getByLabel(label, { exact: true });
    if (await file.count()) await file.setInputFiles({ name: "id.png", mimeType: "image/png", buffer: Buffer.from("89504e470d0a1a0a", "hex") });
  }
  const tos = form.getByRole("checkbox");
  if (await tos.count()) await tos.check();
  await form.getByRole("button", { name: "Send to Stripe" }).click();
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("can-sell")).toHaveAttribute("data-can-sell", "true", { timeout: 1000 });
  }).toPass();
});
