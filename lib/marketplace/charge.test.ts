import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { ledgerEntries, ledgerTransactions, orderItems, orders } from "@/db/schema";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { recordFeeSchedule } from "@/lib/fees/schedules";
import { startTopUpCheckout } from "@/lib/payments/top-ups";
import { startAutoTopUpSetup } from "@/lib/payments/auto-top-up";
import { getWalletSettings } from "@/lib/wallet/settings";
import { stripe } from "@/lib/stripe/client";
import { organisationBalance, walletBalance } from "@/lib/wallet/accounts";
import { startStripeHarness, type StripeHarness } from "@/lib/wallet/testing/harness";
import { chargeOrder } from "./charge";
import { startCheckout } from "./checkout";
import { createListing } from "./listings";
import { buyerOrder } from "./orders";
import { connectSeller, makeOrganisation, makeUser } from "./testing/fixtures";

const harness: StripeHarness = await startStripeHarness();
const drivers = await testDrivers();
afterAll(() => harness.close());

async function card(number: string) {
  const pm = await stripe().paymentMethods.create({ type: "card", card: { number, exp_month: 12, exp_year: 2031, cvc: "123" } });
  return pm.id;
}

describe.each(drivers)("the charge API on %s", (driver) => {
  let t: TestDatabase;
  let sellerOrg: { id: string };
  let accountId: string;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    harness.useDatabase(t.db);
    await recordFeeSchedule(t.db, null, { percentBps: 1000, fixed: 0, min: null, max: 300, settlementPercentBps: 100, effectiveFrom: new Date("2020-01-01") });
    const { org } = await makeOrganisation(t.db, "Charge Club");
    sellerOrg = org;
    accountId = (await connectSeller(t.db, harness, org.id, "express")).id;
  });
  afterAll(async () => t?.close());
  afterEach(async () => checkLedgerInvariants(t.db));

  async function openOrder(buyer: { id: string; email: string }, amount = 2000) {
    const l = await createListing(t.db, sellerOrg, { kind: "course", title: `Course ${amount}`, description: "d", content: "c", amount, currency: "usd", published: true });
    const start = await startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 1 }], uiMode: "hosted" });
    return start;
  }

  it("answers the guards in the contract's order", async () => {
    const buyer = await makeUser(t.db);
    const other = await makeUser(t.db);
    const { orderId } = await openOrder(buyer);
    const expired = await openOrder(buyer, 2100);
    await stripe().checkout.sessions.expire(expired.sessionId!);
    await harness.drain();
    const paid = await openOrder(buyer, 2200);
    await harness.control(`/_emu/checkout/sessions/${paid.sessionId!}/complete`, {});
    await harness.drain();
    const [free] = await t.db.insert(orders).values({ buyerUserId: buyer.id, organisationId: sellerOrg.id, amount: 0, currency: "usd", platformFee: 0, feeComputation: {}, articlesKey: "free" }).returning();
    const cases: [string, unknown, string, number, Record<string, unknown>?][] = [
      ["00000000-0000-4000-8000-000000000000", { stripe: "pm_x" }, "order_not_found", 404],
      ["not-an-id", { stripe: "pm_x" }, "order_not_found", 404],
      [expired.orderId, { stripe: "pm_x" }, "order_not_chargeable", 409],
      [paid.orderId, { stripe: "pm_x" }, "order_already_paid", 409],
      [free.id, { stripe: "pm_x" }, "order_free", 409],
      [orderId, { paypal: { payerId: "x" } }, "payment_mode_unsupported", 422],
      [orderId, {}, "stripe_token_missing", 422, { param: "stripe" }],
      [orderId, { stripe: await card("4000000000000002") }, "card_declined", 402, { details: { declineCode: "generic_decline" } }],
    ];
    for (const [id, body, code, status, extra] of cases) {
      await expect(chargeOrder(t.db, buyer, id, body), code).rejects.toMatchObject({ code, status, ...(extra ?? {}) });
    }
    // Someone else's order reads as missing.
    await expect(chargeOrder(t.db, other, orderId, { stripe: "pm_x" })).rejects.toMatchObject({ code: "order_not_found", status: 404 });
    expect((await buyerOrder(t.db, orderId, buyer.id)).status).toBe("awaiting_payment");
  });

  it("charges a card server-side as a destination charge with the fee, and its checkout no longer counts", async () => {
    const buyer = await makeUser(t.db);
    const start = await openOrder(buyer, 5000);
    const out = await chargeOrder(t.db, buyer, start.orderId, { stripe: await card("4242424242424242") });
    expect(out.status).toBe("paid");
    expect(out.order).toMatchObject({ status: "paid", platformFee: 300, paidWith: "card" }); // 10% capped at 300
    const pi = await stripe().paymentIntents.retrieve(out.order.paymentIntentId!);
    expect(pi).toMatchObject({ status: "succeeded", application_fee_amount: 300, transfer_data: { destination: accountId } });
    expect((await stripe().checkout.sessions.retrieve(start.sessionId!)).status).toBe("expired");
    await harness.drain(); // the session's expiry and the PI's success change nothing more
    expect((await buyerOrder(t.db, start.orderId, buyer.id)).status).toBe("paid");
    const txs = await t.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.orderId, start.orderId));
    expect(txs.map((x) => x.type)).toEqual(["card_sale"]);
  });

  it("answers 3D Secure with requires_action and completes from the webhook after authentication", async () => {
    const buyer = await makeUser(t.db);
    const start = await openOrder(buyer, 3000);
    const out = await chargeOrder(t.db, buyer, start.orderId, { stripe: await card("4000002760003184") });
    expect(out.status).toBe("requires_action");
    if (out.status !== "requires_action") return;
    expect(out.nextActionUrl).toMatch(/^http:\/\/localhost:\d+\/3ds\//);
    expect(out.order.status).toBe("awaiting_payment");
    await harness.control(`/_emu/payment_intents/${out.order.paymentIntentId}/authenticate`, { success: true });
    await harness.drain();
    expect((await buyerOrder(t.db, start.orderId, buyer.id)).status).toBe("paid");
  });

  it("pays from the wallet: 402 insufficient_funds first, then paid, crediting the organisation less the fee", async () => {
    const buyer = await makeUser(t.db);
    const start = await openOrder(buyer, 2500);
    await expect(chargeOrder(t.db, buyer, start.orderId, { wallet: true })).rejects.toMatchObject({ code: "insufficient_funds", status: 402, details: { shortfall: 2500 } });
    expect((await stripe().checkout.sessions.retrieve(start.sessionId!)).status).toBe("open"); // a refusal changes nothing
    const top = await startTopUpCheckout(t.db, { user: buyer, amount: 3000, uiMode: "hosted", kind: "manual" });
    await harness.control(`/_emu/checkout/sessions/${top.sessionId!}/complete`, {});
    await harness.drain();
    const orgBefore = (await organisationBalance(t.db, sellerOrg.id)).amount;
    const out = await chargeOrder(t.db, buyer, start.orderId, { wallet: true });
    expect(out.order).toMatchObject({ status: "paid", paidWith: "wallet", platformFee: 250 });
    expect((await walletBalance(t.db, buyer.id)).amount).toBe(500);
    expect((await organisationBalance(t.db, sellerOrg.id)).amount - orgBefore).toBe(2250);
    const [tx] = await t.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.orderId, start.orderId));
    expect(tx.type).toBe("wallet_purchase");
    const entries = await t.db.select().from(ledgerEntries).where(eq(ledgerEntries.transactionId, tx.id));
    expect(entries.map((e) => e.amount).sort((a, b) => a - b)).toEqual([-2500, 250, 2250]);
    await expect(chargeOrder(t.db, buyer, start.orderId, { wallet: true })).rejects.toMatchObject({ code: "order_already_paid" });
    const items = await t.db.select().from(orderItems).where(eq(orderItems.orderId, start.orderId));
    expect(items).toHaveLength(1);
  });

  it("pays from the wallet with an automatic top-up first when it is on", async () => {
    const buyer = await makeUser(t.db);
    const setup = await startAutoTopUpSetup(t.db, buyer, { amount: 2000, uiMode: "hosted" });
    await harness.control(`/_emu/checkout/sessions/${setup.sessionId}/complete`, {});
    await harness.drain();
    expect((await getWalletSettings(t.db, buyer.id)).autoTopUpStatus).toBe("on");
    const start = await openOrder(buyer, 3500);
    const out = await chargeOrder(t.db, buyer, start.orderId, { wallet: true });
    expect(out.order).toMatchObject({ status: "paid", paidWith: "wallet" });
    // Topped up in whole multiples of the chosen amount, enough to pay and stay above the low-balance line.
    const balance = (await walletBalance(t.db, buyer.id)).amount;
    expect(balance).toBeGreaterThanOrEqual(0);
    expect((balance + 3500) % 2000).toBe(0);
  });
});
