import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { courseAccess, emailOutbox, ledgerAccounts, ledgerEntries, ledgerTransactions, listings, orderDisputes, orderRefunds, orders, stripeEvents, tickets } from "@/db/schema";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { recordFeeSchedule } from "@/lib/fees/schedules";
import { stripe } from "@/lib/stripe/client";
import { processNextEvent, replayEvent } from "@/lib/stripe/webhooks/process";
import { webhookApp } from "@/lib/webhook-app";
import { startStripeHarness, type StripeHarness } from "@/lib/wallet/testing/harness";
import { startTopUpCheckout } from "@/lib/payments/top-ups";
import { walletBalance } from "@/lib/wallet/accounts";
import { AUTHORISATION_RELEASE_AFTER_MS, bookedOrder, confirmBooking, declineBooking } from "./bookings";
import { chargeOrder } from "./charge";
import { startCheckout } from "./checkout";
import { listDisputes, openDisputesCount } from "./disputes";
import { createListing } from "./listings";
import { orderView } from "./orders";
import { buyerRefundDeadline, feeShare, refundOrder, type Refunder } from "./refunds";
import { runAftersaleJobs } from "./aftersale-jobs";
import { connectSeller, makeOrganisation, makeUser } from "./testing/fixtures";

const harness: StripeHarness = await startStripeHarness();
const drivers = await testDrivers();
afterAll(() => harness.close());

describe("the proportional rule and the buyer's policy", () => {
  it("gives back the fee in proportion and the remainder on the last refund", () => {
    const order = { amount: 10_000, platformFee: 1_000 };
    expect(feeShare(order, { amount: 0, fee: 0 }, 4_000)).toBe(400);
    expect(feeShare(order, { amount: 4_000, fee: 400 }, 3_333)).toBe(333);
    expect(feeShare(order, { amount: 7_333, fee: 733 }, 2_667)).toBe(267);
  });
  it("course 14 days, ticket until 48 h before, service until it starts, unless the seller says otherwise", () => {
    const paid = new Date("2030-01-01T00:00:00Z");
    const start = new Date("2030-02-01T12:00:00Z");
    expect(buyerRefundDeadline([{ kind: "course", refundHours: null, startsAt: null }], paid).until).toEqual(new Date("2030-01-15T00:00:00Z"));
    expect(buyerRefundDeadline([{ kind: "event_ticket", refundHours: null, startsAt: start }], paid).until).toEqual(new Date("2030-01-30T12:00:00Z"));
    expect(buyerRefundDeadline([{ kind: "service", refundHours: null, startsAt: start }], paid).until).toEqual(start);
    expect(buyerRefundDeadline([{ kind: "course", refundHours: 24, startsAt: null }], paid).until).toEqual(new Date("2030-01-02T00:00:00Z"));
    expect(buyerRefundDeadline([{ kind: "course", refundHours: 0, startsAt: null }], paid).until).toBeNull();
  });
});

describe.each(drivers)("after the sale on %s", (driver) => {
  let t: TestDatabase;
  let express: { org: { id: string; slug: string }; owner: { id: string; email: string }; accountId: string };
  let standard: { org: { id: string; slug: string }; owner: { id: string; email: string }; accountId: string };
  const sellerOf = (s: typeof express): Refunder => ({ id: s.owner.id, platformAdmin: false, organisations: [{ id: s.org.id, role: "owner" }] });
  const buyerActor = (b: { id: string }): Refunder => ({ id: b.id, platformAdmin: false, organisations: [] });

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    harness.useDatabase(t.db);
    await recordFeeSchedule(t.db, null, { percentBps: 1000, fixed: 0, min: null, max: null, settlementPercentBps: 100, effectiveFrom: new Date("2020-01-01") });
    const e = await makeOrganisation(t.db, "Express Club");
    express = { ...e, accountId: (await connectSeller(t.db, harness, e.org.id, "express")).id };
    const s = await makeOrganisation(t.db, "Standard Club");
    standard = { ...s, accountId: (await connectSeller(t.db, harness, s.org.id, "standard")).id };
  }, 180_000);
  afterAll(async () => t?.close());
  afterEach(async () => {
    await harness.drain();
    await checkLedgerInvariants(t.db);
  });

  async function paidOrder(seller: typeof express, amount: number, kind: "course" | "event_ticket" = "course", extra: Record<string, unknown> = {}) {
    const buyer = await makeUser(t.db);
    const l = await createListing(t.db, seller.org, {
      kind,
      title: `${kind} ${amount}`,
      description: "d",
      content: "c",
      amount,
      currency: "usd",
      published: true,
      ...(kind === "event_ticket" ? { startsAt: "2031-06-01T18:00:00Z", venue: "Hall", capacity: 10 } : {}),
      ...extra,
    });
    const start = await startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 1 }], uiMode: "hosted" });
    await harness.control(`/_emu/checkout/sessions/${start.sessionId!}/complete`, {});
    await harness.drain();
    const [order] = await t.db.select().from(orders).where(eq(orders.id, start.orderId));
    expect(order.status).toBe("paid");
    return { buyer, order, listingId: l.id };
  }

  /** The sum of an order's ledger entries per account kind. */
  async function ledgerByKind(orderId: string): Promise<Record<string, number>> {
    const rows = await t.db
      .select({ kind: ledgerAccounts.kind, amount: sql<string>`sum(${ledgerEntries.amount})` })
      .from(ledgerEntries)
      .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
      .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
      .where(eq(ledgerTransactions.orderId, orderId))
      .groupBy(ledgerAccounts.kind);
    return Object.fromEntries(rows.map((r) => [r.kind, Number(r.amount)]));
  }

  async function connectedBalance(account: string): Promise<number> {
    const b = await stripe().balance.retrieve({}, { stripeAccount: account });
    return [...b.available, ...b.pending].filter((x) => x.currency === "usd").reduce((s, x) => s + x.amount, 0);
  }

  it("destination charge of 10,000 with fee 1,000, refund 4,000 leaves seller 5,400 and platform fee 600", async () => {
    const before = await connectedBalance(express.accountId);
    const { order } = await paidOrder(express, 10_000);
    expect(order.platformFee).toBe(1_000);
    expect((await connectedBalance(express.accountId)) - before).toBe(9_000);
    const out = await refundOrder(t.db, sellerOf(express), order.id, { amount: 4_000 });
    expect(out.refund).toMatchObject({ amount: 4_000, status: "succeeded" });
    // Stripe: the refund reversed 4,000 of the 10,000 transfer and gave back 400 of the 1,000 fee.
    const re = await stripe().refunds.retrieve(out.refund.id);
    expect(re.amount).toBe(4_000);
    const pi = await stripe().paymentIntents.retrieve(order.paymentIntentId!, { expand: ["latest_charge"] });
    const ch = typeof pi.latest_charge === "string" ? await stripe().charges.retrieve(pi.latest_charge) : pi.latest_charge!;
    const transfer = await stripe().transfers.retrieve(String(ch.transfer));
    expect(transfer).toMatchObject({ amount: 10_000, amount_reversed: 4_000 });
    const trr = await stripe().transfers.retrieveReversal(transfer.id, String(re.transfer_reversal));
    expect(trr.amount).toBe(4_000);
    const fee = await stripe().applicationFees.retrieve(String(ch.application_fee));
    expect(fee).toMatchObject({ amount: 1_000, amount_refunded: 400 });
    expect((await connectedBalance(express.accountId)) - before).toBe(5_400);
    // Plaza's ledger: the seller's connected sales 9,000 - 3,600 = 5,400, the platform fee 1,000 - 400 = 600.
    await harness.drain();
    expect(await ledgerByKind(order.id)).toMatchObject({ connected_sales: 5_400, platform_fees: 600, stripe_clearing: -6_000 });
    const view = await orderView(t.db, (await t.db.select().from(orders).where(eq(orders.id, order.id)))[0]);
    expect(view).toMatchObject({ status: "partially_refunded", refunds: [{ amount: 4_000, status: "succeeded", source: "plaza", feeRefunded: 400 }] });
    // The request log: reverse_transfer and refund_application_fee were sent, with an idempotency key.
    const log = await harness.requestLog();
    const sent = log.filter((r) => r.method === "POST" && r.path === "/v1/refunds").at(-1);
    expect(sent?.params).toMatchObject({ reverse_transfer: "true", refund_application_fee: "true", amount: "4000" });
  });

  it("several partial refunds up to what was captured, then 422 amount_too_large; a full refund unwinds the sale", async () => {
    const { order, listingId, buyer } = await paidOrder(express, 5_000, "event_ticket");
    await expect(refundOrder(t.db, sellerOf(express), order.id, { amount: 5_001 })).rejects.toMatchObject({ code: "amount_too_large", status: 422, param: "amount", details: { refundable: 5_000 } });
    await refundOrder(t.db, sellerOf(express), order.id, { amount: 1_000 });
    await refundOrder(t.db, sellerOf(express), order.id, { amount: 1_500 });
    await expect(refundOrder(t.db, sellerOf(express), order.id, { amount: 2_501 })).rejects.toMatchObject({ code: "amount_too_large", details: { refundable: 2_500 } });
    await expect(refundOrder(t.db, sellerOf(express), order.id, { amount: 0 })).rejects.toMatchObject({ code: "validation_failed", status: 422 });
    const last = await refundOrder(t.db, sellerOf(express), order.id, {});
    expect(last.refund.amount).toBe(2_500);
    await harness.drain();
    const [o] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(o.status).toBe("refunded");
    const fees = await t.db.select({ f: orderRefunds.feeRefunded }).from(orderRefunds).where(eq(orderRefunds.orderId, order.id));
    expect(fees.reduce((s, r) => s + r.f, 0)).toBe(500);
    expect(await ledgerByKind(order.id)).toMatchObject({ connected_sales: 0, platform_fees: 0, stripe_clearing: 0 });
    const ch = await stripe().charges.list({ payment_intent: order.paymentIntentId! });
    expect(ch.data[0]).toMatchObject({ amount_refunded: 5_000, refunded: true });
    const fee = await stripe().applicationFees.retrieve(String(ch.data[0].application_fee));
    expect(fee.amount_refunded).toBe(500);
    // Ticket voided, place back on sale; nothing more to refund.
    expect((await t.db.select().from(tickets).where(eq(tickets.orderId, order.id))).every((x) => x.voidedAt !== null)).toBe(true);
    expect((await t.db.select().from(listings).where(eq(listings.id, listingId)))[0].reserved).toBe(0);
    await expect(refundOrder(t.db, sellerOf(express), order.id, {})).rejects.toMatchObject({ code: "refund_not_allowed", status: 409 });
    const emails = await t.db.select().from(emailOutbox).where(and(eq(emailOutbox.toEmail, buyer.email), eq(emailOutbox.template, "order_refunded")));
    expect(emails).toHaveLength(3);
  });

  it("is idempotent: a retried request (same Idempotency-Key) refunds once; another amount with the key is a conflict", async () => {
    const { order } = await paidOrder(express, 3_000);
    const a = await refundOrder(t.db, sellerOf(express), order.id, { amount: 1_000 }, { idempotencyKey: "retry-key-1" });
    const b = await refundOrder(t.db, sellerOf(express), order.id, { amount: 1_000 }, { idempotencyKey: "retry-key-1" });
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ created: false, refund: { id: a.refund.id } });
    await expect(refundOrder(t.db, sellerOf(express), order.id, { amount: 500 }, { idempotencyKey: "retry-key-1" })).rejects.toMatchObject({ code: "idempotency_conflict" });
    // Concurrent duplicates as well.
    const [c, d] = await Promise.all([
      refundOrder(t.db, sellerOf(express), order.id, { amount: 700, requestId: "form-request-2" }),
      refundOrder(t.db, sellerOf(express), order.id, { amount: 700, requestId: "form-request-2" }),
    ]);
    expect(c.refund.id).toBe(d.refund.id);
    expect((await stripe().refunds.list({ payment_intent: order.paymentIntentId! })).data).toHaveLength(2);
    expect(await t.db.select().from(orderRefunds).where(eq(orderRefunds.orderId, order.id))).toHaveLength(2);
  });

  it("refuses the buyer outside the listing's policy (409 refund_not_allowed), allows inside it; others get 404", async () => {
    const inside = await paidOrder(express, 2_000);
    const out = await refundOrder(t.db, buyerActor(inside.buyer), inside.order.id, {});
    expect(out.refund).toMatchObject({ amount: 2_000, status: "succeeded" });
    expect(await t.db.select().from(courseAccess).where(eq(courseAccess.orderId, inside.order.id))).toHaveLength(0);
    const strict = await paidOrder(express, 2_000, "course", { refundHours: 0 });
    await expect(refundOrder(t.db, buyerActor(strict.buyer), strict.order.id, {})).rejects.toMatchObject({ code: "refund_not_allowed", status: 409 });
    const ticket = await paidOrder(express, 2_000, "event_ticket");
    await t.db.update(listings).set({ startsAt: new Date(Date.now() + 24 * 3_600_000) }).where(eq(listings.id, ticket.listingId)); // 24 h before: too late
    await expect(refundOrder(t.db, buyerActor(ticket.buyer), ticket.order.id, {})).rejects.toMatchObject({ code: "refund_not_allowed", message: expect.stringContaining("refund window ended") });
    const stranger = await makeUser(t.db);
    await expect(refundOrder(t.db, buyerActor(stranger), ticket.order.id, {})).rejects.toMatchObject({ code: "order_not_found", status: 404 });
    // The seller may refund any time.
    expect((await refundOrder(t.db, sellerOf(express), strict.order.id, {})).refund.amount).toBe(2_000);
    expect(await stripe().refunds.list({ payment_intent: ticket.order.paymentIntentId! }).then((l) => l.data.length)).toBe(0);
  });

  it("direct charge: refunds on the connected account with the fee in proportion", async () => {
    const { order } = await paidOrder(standard, 8_000);
    expect(order.chargeType).toBe("direct");
    const out = await refundOrder(t.db, sellerOf(standard), order.id, { amount: 2_000 });
    const re = await stripe().refunds.retrieve(out.refund.id, {}, { stripeAccount: standard.accountId });
    expect(re.amount).toBe(2_000);
    const ch = (await stripe().charges.list({ payment_intent: order.paymentIntentId! }, { stripeAccount: standard.accountId })).data[0];
    const fee = await stripe().applicationFees.retrieve(String(ch.application_fee));
    expect(fee).toMatchObject({ amount: 800, amount_refunded: 200 });
    await harness.drain();
    expect(await ledgerByKind(order.id)).toMatchObject({ connected_sales: 7_200 - 1_800, platform_fees: 600 });
  });

  it("wallet payment: the refund goes back to the wallet through the ledger", async () => {
    const buyer = await makeUser(t.db);
    const top = await startTopUpCheckout(t.db, { user: buyer, amount: 5_000, uiMode: "hosted", kind: "manual" });
    await harness.control(`/_emu/checkout/sessions/${top.sessionId!}/complete`, {});
    await harness.drain();
    const l = await createListing(t.db, express.org, { kind: "course", title: "Wallet course", description: "d", content: "c", amount: 3_000, currency: "usd", published: true });
    const start = await startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 1 }], uiMode: "hosted" });
    await chargeOrder(t.db, buyer, start.orderId, { wallet: true });
    expect((await walletBalance(t.db, buyer.id)).amount).toBe(2_000);
    const out = await refundOrder(t.db, sellerOf(express), start.orderId, { amount: 1_000 });
    expect(out.refund).toMatchObject({ amount: 1_000, status: "succeeded" });
    expect((await walletBalance(t.db, buyer.id)).amount).toBe(3_000);
    expect(await ledgerByKind(start.orderId)).toMatchObject({ member_wallet: -2_000, organisation: 1_800, platform_fees: 200 });
  });

  it("dashboard refund delivered twice and out of order produces one refund", async () => {
    const { order } = await paidOrder(express, 6_000);
    const ch = (await stripe().charges.list({ payment_intent: order.paymentIntentId! })).data[0];
    await harness.control("/_emu/webhooks/config", { duplicate: true });
    try {
      const re = (await harness.control(`/_emu/charges/${ch.id}/refund`, { amount: 3_000 })) as { id: string };
      const stored = await t.db.select({ id: stripeEvents.id, type: stripeEvents.type }).from(stripeEvents).where(and(inArray(stripeEvents.type, ["refund.created", "charge.refunded"]), sql`${stripeEvents.processedAt} is null`));
      const created = stored.find((e) => e.type === "refund.created")!;
      const refunded = stored.find((e) => e.type === "charge.refunded")!;
      expect(created && refunded).toBeTruthy();
      // Reverse order: the charge first, then the refund; then both again.
      await processNextEvent(t.db, webhookApp, { eventId: refunded.id });
      await processNextEvent(t.db, webhookApp, { eventId: created.id });
      await replayEvent(t.db, webhookApp, created.id);
      await replayEvent(t.db, webhookApp, refunded.id);
      await harness.control(`/_emu/events/${created.id}/resend`, {});
      await harness.drain();
      const rows = await t.db.select().from(orderRefunds).where(eq(orderRefunds.orderId, order.id));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ stripeRefundId: re.id, amount: 3_000, source: "stripe", feeRefunded: 300, unwindStatus: "done" });
      const posted = await t.db.select().from(ledgerTransactions).where(and(eq(ledgerTransactions.orderId, order.id), eq(ledgerTransactions.type, "refund")));
      expect(posted).toHaveLength(1);
      expect((await t.db.select().from(orders).where(eq(orders.id, order.id)))[0].status).toBe("partially_refunded");
      // Plaza unwound the seller's share at Stripe, as the ledger booked it.
      const transfer = await stripe().transfers.retrieve(String(ch.transfer));
      expect(transfer.amount_reversed).toBe(3_000);
      expect((await stripe().applicationFees.retrieve(String(ch.application_fee))).amount_refunded).toBe(300);
      expect(await ledgerByKind(order.id)).toMatchObject({ connected_sales: 5_400 - 2_700, platform_fees: 300 });
    } finally {
      await harness.control("/_emu/webhooks/config", { duplicate: false });
    }
  });

  it("a refund that fails later is shown and undone in the ledger, once", async () => {
    const buyer = await makeUser(t.db);
    const l = await createListing(t.db, express.org, { kind: "course", title: "Refund fail", description: "d", content: "c", amount: 4_000, currency: "usd", published: true });
    const start = await startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 1 }], uiMode: "hosted" });
    const pm = await stripe().paymentMethods.create({ type: "card", card: { number: "4000000000005126", exp_month: 12, exp_year: 2031, cvc: "123" } });
    await chargeOrder(t.db, buyer, start.orderId, { stripe: pm.id });
    await refundOrder(t.db, sellerOf(express), start.orderId, { amount: 4_000 });
    await harness.drain();
    expect((await t.db.select().from(orders).where(eq(orders.id, start.orderId)))[0].status).toBe("refunded");
    await harness.control("/_emu/clock/advance", { seconds: 120 });
    await harness.drain();
    const [r] = await t.db.select().from(orderRefunds).where(eq(orderRefunds.orderId, start.orderId));
    expect(r).toMatchObject({ status: "failed", failureReason: "expired_or_canceled_card" });
    expect(r.failureLedgerTransactionId).not.toBeNull();
    expect((await t.db.select().from(orders).where(eq(orders.id, start.orderId)))[0].status).toBe("paid");
    expect(await ledgerByKind(start.orderId)).toMatchObject({ connected_sales: 3_600, platform_fees: 400 });
    const failed = await t.db.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.type, "refund.failed"));
    for (const e of failed) await replayEvent(t.db, webhookApp, e.id);
    expect(await t.db.select().from(ledgerTransactions).where(and(eq(ledgerTransactions.orderId, start.orderId), eq(ledgerTransactions.type, "refund")))).toHaveLength(2);
  });

  it("dispute lost: recorded with its deadline, debit and fee posted, the seller's transfer reversed; emails sent", async () => {
    const { order } = await paidOrder(express, 10_000);
    const ch = (await stripe().charges.list({ payment_intent: order.paymentIntentId! })).data[0];
    const dp = (await harness.control(`/_emu/charges/${ch.id}/dispute`, { reason: "fraudulent" })) as { id: string };
    await harness.drain();
    const [d] = await t.db.select().from(orderDisputes).where(eq(orderDisputes.orderId, order.id));
    expect(d).toMatchObject({ stripeDisputeId: dp.id, amount: 10_000, reason: "fraudulent", status: "needs_response", withdrawnAmount: 10_000, disputeFee: 1_500, transferReversalStatus: "done" });
    expect(d.evidenceDueBy).toBeInstanceOf(Date);
    expect((await stripe().transfers.retrieve(String(ch.transfer))).amount_reversed).toBe(10_000);
    expect(await ledgerByKind(order.id)).toMatchObject({ connected_sales: -1_000, platform_fees: 1_000, stripe_fees: -1_500, stripe_clearing: 1_500 });
    expect(await openDisputesCount(t.db, express.org.id)).toBeGreaterThanOrEqual(1);
    expect((await listDisputes(t.db, express.org.id))[0]).toMatchObject({ open: true });
    const mails = await t.db.select().from(emailOutbox).where(eq(emailOutbox.template, "seller_dispute_opened"));
    expect(mails.some((m) => m.toEmail === express.owner.email)).toBe(true);
    await harness.control(`/_emu/disputes/${dp.id}/resolve`, { outcome: "lost" });
    await harness.drain();
    // Replays change nothing.
    for (const e of await t.db.select({ id: stripeEvents.id }).from(stripeEvents).where(sql`${stripeEvents.type} like 'charge.dispute.%'`)) await replayEvent(t.db, webhookApp, e.id);
    const [closed] = await t.db.select().from(orderDisputes).where(eq(orderDisputes.orderId, order.id));
    expect(closed.status).toBe("lost");
    expect(await ledgerByKind(order.id)).toMatchObject({ connected_sales: -1_000, stripe_fees: -1_500 });
    expect(await orderView(t.db, (await t.db.select().from(orders).where(eq(orders.id, order.id)))[0])).toMatchObject({ disputes: [{ id: dp.id, status: "lost", amount: 10_000 }] });
  });

  it("dispute won: the funds come back and the seller's transfer is returned", async () => {
    const before = await connectedBalance(express.accountId);
    const { order } = await paidOrder(express, 10_000);
    const ch = (await stripe().charges.list({ payment_intent: order.paymentIntentId! })).data[0];
    const dp = (await harness.control(`/_emu/charges/${ch.id}/dispute`, { reason: "product_not_received" })) as { id: string };
    await harness.drain();
    expect((await connectedBalance(express.accountId)) - before).toBe(-1_000);
    await stripe().disputes.update(dp.id, { evidence: { uncategorized_text: "winning_evidence" }, submit: true });
    await harness.drain();
    const [d] = await t.db.select().from(orderDisputes).where(eq(orderDisputes.orderId, order.id));
    expect(d).toMatchObject({ status: "won", reinstatedAmount: 10_000, transferReturnStatus: "done" });
    expect(d.transferReturnId).toMatch(/^tr_/);
    expect((await connectedBalance(express.accountId)) - before).toBe(9_000);
    expect(await ledgerByKind(order.id)).toMatchObject({ connected_sales: 9_000, stripe_fees: -1_500, stripe_clearing: -10_000 + 11_500 - 10_000 });
    expect(await listDisputes(t.db, express.org.id).then((l) => l.find((x) => x.stripeDisputeId === dp.id))).toMatchObject({ open: false });
  });

  describe("bookings", () => {
    async function booked(slotAt: string) {
      const l = await createListing(t.db, express.org, {
        kind: "service",
        title: `Coaching ${slotAt}`,
        description: "1:1",
        amount: 8_000,
        currency: "usd",
        published: true,
        slots: [{ startsAt: slotAt, endsAt: new Date(new Date(slotAt).getTime() + 3_600_000).toISOString() }],
      });
      const buyer = await makeUser(t.db);
      const start = await startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 1, slotId: l.slots[0].id }], uiMode: "hosted" });
      await harness.control(`/_emu/checkout/sessions/${start.sessionId!}/complete`, {});
      await harness.drain();
      const { order } = await bookedOrder(t.db, start.orderId);
      expect(order.status).toBe("authorised");
      return { order, buyer };
    }

    it("confirmed: captured and booked; declined: released, both parties told", async () => {
      const a = await booked("2031-03-01T10:00:00Z");
      expect(await confirmBooking(t.db, a.order)).toMatchObject({ status: "paid", booking: { status: "confirmed" } });
      expect((await stripe().paymentIntents.retrieve(a.order.paymentIntentId!)).status).toBe("succeeded");
      const b = await booked("2031-03-02T10:00:00Z");
      expect(await declineBooking(t.db, b.order)).toMatchObject({ status: "released", booking: { status: "declined" } });
      expect((await stripe().paymentIntents.retrieve(b.order.paymentIntentId!)).status).toBe("canceled");
      const mails = await t.db.select().from(emailOutbox).where(inArray(emailOutbox.template, ["booking_declined", "seller_booking_declined"]));
      expect(mails.map((m) => m.toEmail)).toEqual(expect.arrayContaining([b.buyer.email, express.owner.email]));
    });

    it("left unconfirmed: released by the job before it lapses (6 days), and by charge.expired on the emulator's clock", async () => {
      const a = await booked("2031-03-03T10:00:00Z");
      expect((await runAftersaleJobs(t.db)).released).toBe(0);
      const later = new Date(Date.now() + AUTHORISATION_RELEASE_AFTER_MS + 60_000);
      expect((await runAftersaleJobs(t.db, later)).released).toBeGreaterThanOrEqual(1);
      expect(await orderView(t.db, (await bookedOrder(t.db, a.order.id)).order)).toMatchObject({ status: "released", booking: { status: "released" } });
      expect((await stripe().paymentIntents.retrieve(a.order.paymentIntentId!)).status).toBe("canceled");
      const mails = await t.db.select().from(emailOutbox).where(inArray(emailOutbox.template, ["booking_released", "seller_booking_released"]));
      expect(mails.map((m) => m.toEmail)).toEqual(expect.arrayContaining([a.buyer.email, express.owner.email]));

      const b = await booked("2031-03-04T10:00:00Z");
      await harness.control("/_emu/clock/advance", { seconds: 7 * 86_400 + 60 });
      await harness.drain();
      expect((await bookedOrder(t.db, b.order.id)).order).toMatchObject({ status: "released", closedReason: "lapsed" });
    });
  });
});
