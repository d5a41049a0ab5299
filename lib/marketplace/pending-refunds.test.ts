/**
 * Regression (found by the reliability suite, issue 17): a refund Plaza decides while processing an event (a
 * late payment on an order the charge API already paid) is made at Stripe after the commit. When the instance
 * dies between the commit and that call, the refund stayed `pending` until some later sale's event happened to
 * run the after-commit work again: in a quiet shop, never. Every worker now sweeps the queued work.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { orderRefunds } from "@/db/schema";
import { recordFeeSchedule } from "@/lib/fees/schedules";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { stripe } from "@/lib/stripe/client";
import type { WebhookApp } from "@/lib/stripe/webhooks/app";
import { processPendingEvents } from "@/lib/stripe/webhooks/process";
import { startWebhookWorker, stopWebhookWorker, sweepPendingWork } from "@/lib/stripe/webhooks/worker";
import { webhookApp } from "@/lib/webhook-app";
import { startStripeHarness, type StripeHarness } from "@/lib/wallet/testing/harness";
import { chargeOrder } from "./charge";
import { startCheckout } from "./checkout";
import { createListing } from "./listings";
import { connectSeller, makeOrganisation, makeUser } from "./testing/fixtures";

const harness: StripeHarness = await startStripeHarness();
const driver = (await testDrivers())[0];
afterAll(() => harness.close());

/** The instance "dies" right after each event's commit: its after-commit work never runs. */
const crashingApp: WebhookApp = {
  ...webhookApp,
  afterCommit: async () => {
    throw new Error("SIGKILL");
  },
};

describe(`refunds left pending by a crash, on ${driver}`, () => {
  let t: TestDatabase;
  let seller: { id: string; name: string; slug: string };
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    harness.useDatabase(t.db);
    await recordFeeSchedule(t.db, null, { percentBps: 1000, fixed: 0, min: null, max: null, settlementPercentBps: 100, effectiveFrom: new Date("2020-01-01") });
    seller = (await makeOrganisation(t.db, "Crash Club")).org;
    await connectSeller(t.db, harness, seller.id, "express");
  }, 120_000);
  afterAll(async () => {
    stopWebhookWorker();
    await t?.close();
  });

  async function latePaymentLeftPending() {
    const buyer = await makeUser(t.db);
    const listing = await createListing(t.db, seller, { kind: "course", title: "Crash course", description: "d", content: "c", amount: 2500, currency: "usd", published: true });
    const start = await startCheckout(t.db, buyer, { articles: [{ articleId: listing.id, quantity: 1 }] });
    // The expiry of the old session fails (400: the SDK does not retry it), so the customer can still pay it after the charge API did.
    await harness.control("/_emu/faults", { path: `/v1/checkout/sessions/${start.sessionId}/expire`, status: 400, times: 10 });
    const pm = await stripe().paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2031, cvc: "123" } });
    await chargeOrder(t.db, buyer, start.orderId, { stripe: pm.id });
    await fetch(`${harness.emulator.url}/_emu/faults`, { method: "DELETE", headers: { Authorization: "Bearer sk_test_plaza_emulator" } });
    await harness.control(`/_emu/checkout/sessions/${start.sessionId}/complete`, {});
    await processPendingEvents(t.db, crashingApp);
    const refunds = await t.db.select().from(orderRefunds).where(eq(orderRefunds.orderId, start.orderId));
    expect(refunds).toHaveLength(1);
    expect(refunds[0].status).toBe("pending");
    return start.orderId;
  }

  async function refundOf(orderId: string) {
    const [r] = await t.db.select().from(orderRefunds).where(eq(orderRefunds.orderId, orderId));
    return r;
  }

  it("the sweep makes the refund at Stripe without any further event", async () => {
    const orderId = await latePaymentLeftPending();
    await sweepPendingWork(t.db, webhookApp);
    const r = await refundOf(orderId);
    expect(r.status).toBe("succeeded");
    expect(r.stripeRefundId).toMatch(/^re_/);
    const atStripe = await stripe().refunds.retrieve(r.stripeRefundId!);
    expect(atStripe.amount).toBe(2500);
    await checkLedgerInvariants(t.db);
  }, 180_000);

  it("a running worker sweeps on its own, with no event arriving", async () => {
    const orderId = await latePaymentLeftPending();
    startWebhookWorker(async () => t.db, webhookApp);
    const deadline = Date.now() + 30_000;
    while ((await refundOf(orderId)).status === "pending" && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
    expect((await refundOf(orderId)).status).toBe("succeeded");
  }, 180_000);
});
