import { expect, test, type Page } from "@playwright/test";
import { signIn, uniqueEmail } from "./fixtures";
import { chaos } from "./emulator-control";

test.afterEach(async () => {
  await chaos.off();
});

async function signUp(page: Page) {
  const email = uniqueEmail("webhook-buyer");
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Webhook Buyer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  return email;
}

async function expectProcessedOnce(page: Page, sessionId: string) {
  await signIn(page, "admin@plaza.test");
  await expect(async () => {
    await page.goto(`/admin/webhooks?q=${sessionId}`);
    const completed = page.locator('[data-testid="webhook-row"][data-event-type="checkout.session.completed"]');
    await expect(completed).toHaveCount(1, { timeout: 1000 });
    await expect(completed.getByText("processed")).toBeVisible({ timeout: 1000 });
    await expect(completed.getByTestId("webhook-attempts")).toHaveText("1", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
}

test("a hosted Checkout payment is processed exactly once while the emulator duplicates and shuffles deliveries", async ({ page, browser }) => {
  await chaos.on();
  await signUp(page);
  const response = await page.request.post("/api/wallet/top-ups", { data: { amount: 5000, uiMode: "hosted" } });
  expect(response.status()).toBe(201);
  const start = await response.json();
  expect(start).toMatchObject({ sessionId: expect.stringMatching(/^cs_test_/), url: expect.stringContaining("/c/pay/"), status: "open", clientSecret: null });

  await page.goto(start.url);
  await expect(page.getByTestId("total")).toContainText("50.00");
  await page.getByTestId("pay-button").click();
  await page.waitForURL(/\/wallet\/top-ups\//);

  await expect(async () => {
    const wallet = await (await page.request.get("/api/wallet")).json();
    expect(wallet.balance).toEqual({ amount: 5000, currency: "usd" });
  }).toPass({ timeout: 30_000 });

  const admin = await (await browser.newContext()).newPage();
  await expectProcessedOnce(admin, start.sessionId);
});

test("an Embedded Checkout payment rendered by @stripe/react-stripe-js is processed exactly once under chaos", async ({ page, browser }) => {
  await chaos.on();
  await signUp(page);
  const response = await page.request.post("/api/wallet/top-ups", { data: { amount: 3000, uiMode: "embedded" } });
  expect(response.status()).toBe(201);
  const start = await response.json();
  expect(start).toMatchObject({ url: null, clientSecret: expect.stringContaining("_secret_") });

  await page.goto(`/wallet/top-up/embedded?session=${start.sessionId}`);
  const frame = page.frameLocator('[data-testid="emu-embedded-checkout"]');
  await expect(frame.getByTestId("total")).toContainText("30.00");
  await frame.getByTestId("pay-button").click();
  await page.waitForURL(/\/wallet\/top-ups\//);
  await expect(async () => {
    const wallet = await (await page.request.get("/api/wallet")).json();
    expect(wallet.balance).toEqual({ amount: 3000, currency: "usd" });
  }).toPass({ timeout: 30_000 });

  const admin = await (await browser.newContext()).newPage();
  await expectProcessedOnce(admin, start.sessionId);
});

test("a declined card on the hosted page keeps the session open and credits nothing", async ({ page }) => {
  await signUp(page);
  const start = await (await page.request.post("/api/wallet/top-ups", { data: { amount: 2500, uiMode: "hosted" } })).json();
  await page.goto(start.url);
  await page.getByTestId("card-number").fill("4000 0000 0000 0002");
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("checkout-error")).toContainText(/declined/i);
  const wallet = await (await page.request.get("/api/wallet")).json();
  expect(wallet.balance.amount).toBe(0);
});

test("the webhook endpoint refuses a bad signature with 400", async ({ request }) => {
  const response = await request.post("/api/webhooks/stripe", {
    headers: { "Stripe-Signature": "t=1,v1=deadbeef", "Content-Type": "application/json" },
    data: JSON.stringify({ id: "evt_forged", object: "event", type: "checkout.session.completed", data: { object: {} } }),
  });
  expect(response.status()).toBe(400);
  expect((await response.json()).error.code).toBe("invalid_signature");
});
