import { expect, test } from "@playwright/test";
import { sellerWithListings } from "./marketplace-helpers";
import { payOnHostedCheckout, signUpMember, topUp } from "./wallet-helpers";

const soon = (days: number, hour = 10) => new Date(Date.UTC(2031, 0, days, hour)).toISOString();

test("a buyer finds a course, pays on the hosted page and opens the course", async ({ page }) => {
  const title = `Knots ${Date.now()}`;
  await sellerWithListings(page, [{ kind: "course", title, description: "Ten knots every sailor needs.", content: "Knot 1: the bowline.", amount: 2500 }]);
  await signUpMember(page, "buyer");
  await page.goto("/listings");
  await page.getByLabel("Search").fill(title);
  await page.getByLabel("Kind").selectOption("course");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("listing-card")).toHaveCount(1);
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByTestId("listing-price")).toHaveText("$25.00");
  // The content page is for buyers only.
  const before = await page.request.get(page.url() + "/content");
  expect(before.status()).toBe(404);
  await page.getByRole("button", { name: "Pay by card" }).click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await payOnHostedCheckout(page);
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+\?session_id=cs_/);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
  await page.getByTestId("open-course").click();
  await expect(page.getByTestId("course-content")).toHaveText("Knot 1: the bowline.");
  await page.goto("/orders");
  await expect(page.getByTestId("order-row").first()).toHaveAttribute("data-status", "paid");
});

test("a buyer buys a ticket with embedded Checkout and sees its QR code; a sold-out listing says so", async ({ page }) => {
  const title = `Regatta ${Date.now()}`;
  const { ids } = await sellerWithListings(page, [{ kind: "event_ticket", title, description: "Race day on the harbour.", amount: 4000, capacity: 1, startsAt: soon(5), venue: "Pier 3" }]);
  await signUpMember(page, "ticket");
  await page.goto(`/listings/${ids[0]}`);
  await expect(page.getByTestId("listing-remaining")).toHaveText("1 places left");
  await page.getByTestId("buy-embedded").click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+\/pay$/);
  const frame = page.frameLocator('[data-testid="emu-embedded-checkout"]');
  await expect(frame.getByTestId("total")).toHaveText("$40.00");
  await frame.getByTestId("pay-button").click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+\?session_id=cs_/);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
  await expect(page.getByTestId("ticket")).toHaveCount(1);
  await expect(page.getByTestId("ticket-qr")).toBeVisible();
  await expect(page.getByTestId("ticket-code")).toHaveText(/^[0-9A-Z]{10}$/);
  // The last place is gone.
  await page.goto(`/listings/${ids[0]}`);
  await expect(page.getByTestId("listing-remaining")).toHaveText("Sold out");
});

test("a buyer books a service slot: authorised, awaiting the seller's confirmation", async ({ page }) => {
  const title = `Coaching ${Date.now()}`;
  const { ids } = await sellerWithListings(page, [
    { kind: "service", title, description: "An hour one to one.", amount: 8000, slots: [{ startsAt: soon(7, 9), endsAt: soon(7, 10) }, { startsAt: soon(7, 11), endsAt: soon(7, 12) }] },
  ]);
  await signUpMember(page, "booker");
  await page.goto(`/listings/${ids[0]}`);
  await expect(page.getByTestId("listing-remaining")).toHaveText("2 free slots");
  await page.getByTestId("slot-option").nth(1).check();
  await page.getByRole("button", { name: "Pay by card" }).click();
  await payOnHostedCheckout(page);
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+\?session_id=cs_/);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "authorised");
  await expect(page.getByTestId("booking")).toHaveAttribute("data-status", "awaiting_confirmation");
  await page.goto(`/listings/${ids[0]}`);
  await expect(page.getByTestId("listing-remaining")).toHaveText("1 free slots");
});

test("a buyer pays a listing from the wallet; a short wallet says so first", async ({ page }) => {
  const title = `Theory ${Date.now()}`;
  const { ids } = await sellerWithListings(page, [{ kind: "course", title, description: "Sailing theory.", content: "Wind and sails.", amount: 3000 }]);
  await signUpMember(page, "walletbuyer");
  await topUp(page, "10", "$10.00");
  await page.goto(`/listings/${ids[0]}`);
  await page.getByTestId("buy-wallet").click();
  await expect(page.getByTestId("buy-error")).toContainText("short of this order");
  await topUp(page, "25", "$25.00");
  await page.goto(`/listings/${ids[0]}`);
  await page.getByTestId("buy-wallet").click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
  await page.goto("/wallet");
  await expect(page.getByTestId("wallet-balance")).toHaveText("$5.00");
});
