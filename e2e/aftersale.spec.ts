import { expect, test } from "@playwright/test";
import { sellerWithListings } from "./marketplace-helpers";
import { payOnHostedCheckout, signInNewMember, signOut, signUpMember } from "./wallet-helpers";

const slot = (day: number, hour: number) => new Date(Date.UTC(2031, 1, day, hour)).toISOString();

test("a buyer refunds a course within its policy through the review step; outside the policy it is refused", async ({ page }) => {
  const title = `Refundable ${Date.now()}`;
  const strict = `No refunds ${Date.now()}`;
  const { ids } = await sellerWithListings(page, [
    { kind: "course", title, description: "Fourteen days to change your mind.", content: "Lesson one.", amount: 3000 },
    { kind: "course", title: strict, description: "No buyer refunds.", content: "Lesson one.", amount: 2000, refundHours: 0 },
  ]);
  await signUpMember(page, "refunder");
  await page.goto(`/listings/${ids[0]}`);
  await page.getByRole("button", { name: "Pay by card" }).click();
  await payOnHostedCheckout(page);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
  await expect(page.getByTestId("refund-window")).toBeVisible();
  const form = page.getByTestId("refund-form");
  await form.getByLabel("Reason (optional)").fill("Changed my mind");
  await form.getByRole("button", { name: "Refund…" }).click();
  const review = page.getByTestId("refund-review");
  await expect(review.getByTestId("refund-review-amount")).toHaveText("$30.00");
  await expect(review.getByTestId("refund-review-to")).toHaveText("You (the card that paid)");
  await expect(review.getByTestId("refund-review-remaining")).toHaveText("$0.00");
  await review.getByRole("button", { name: "Confirm refund" }).click();
  // A full refund leaves nothing to refund, so the form (and its notice) gives way to the refunded order.
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "refunded");
  await page.reload();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "refunded");
  await expect(page.getByTestId("refund-row")).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByTestId("open-course")).toHaveCount(0);

  await page.goto(`/listings/${ids[1]}`);
  await page.getByRole("button", { name: "Pay by card" }).click();
  await payOnHostedCheckout(page);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
  await expect(page.getByTestId("refund-form")).toHaveCount(0);
  await expect(page.getByTestId("refund-refused")).toContainText("does not take refunds from buyers");
  // The API says the same.
  const orderId = new URL(page.url()).pathname.split("/")[2];
  const r = await page.request.post(`/api/orders/${orderId}/refunds`, { data: {}, headers: { Origin: new URL(page.url()).origin } });
  expect(r.status()).toBe(409);
  expect(((await r.json()) as { error: { code: string } }).error.code).toBe("refund_not_allowed");
});

test("a seller confirms a booking after reviewing the charge, and refunds half of it", async ({ page }) => {
  const title = `Lesson ${Date.now()}`;
  const { slug, ids, email } = await sellerWithListings(page, [{ kind: "service", title, description: "An hour on the water.", amount: 8000, slots: [{ startsAt: slot(3, 9), endsAt: slot(3, 10) }] }]);
  await signUpMember(page, "booker");
  await page.goto(`/listings/${ids[0]}`);
  await page.getByTestId("slot-option").first().check();
  await page.getByRole("button", { name: "Pay by card" }).click();
  await payOnHostedCheckout(page);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "authorised");
  const orderId = new URL(page.url()).pathname.split("/")[2];
  await signOut(page);

  await signInNewMember(page, email);
  await page.goto(`/orgs/${slug}/listings`);
  await page.getByTestId("review-booking").click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${slug}/orders/${orderId}$`));
  await page.getByTestId("booking-confirm").getByRole("button", { name: "Confirm booking…" }).click();
  await expect(page.getByTestId("booking-review-amount")).toHaveText("$80.00");
  await page.getByRole("button", { name: "Confirm and charge" }).click();
  // Once confirmed, the booking's actions give way to its confirmed state.
  await expect(page.getByTestId("booking")).toHaveAttribute("data-status", "confirmed");
  await page.reload();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
  await expect(page.getByTestId("booking")).toHaveAttribute("data-status", "confirmed");

  const form = page.getByTestId("refund-form");
  await form.getByLabel(/^Amount/).fill("40");
  await form.getByRole("button", { name: "Refund…" }).click();
  await expect(page.getByTestId("refund-review-remaining")).toHaveText("$40.00");
  await page.getByRole("button", { name: "Confirm refund" }).click();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "partially_refunded");
  await page.reload();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "partially_refunded");
  await expect(page.getByTestId("order-refunded")).toHaveText("$40.00");
});
