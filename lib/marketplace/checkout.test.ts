import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { checkoutSessions, emailOutbox, ledgerEntries, ledgerTransactions, listings, orders } from "@/db/schema";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { recordFeeSchedule } from "@/lib/fees/schedules";
import { stripe } from "@/lib/stripe/client";
import { startStripeHarness, type StripeHarness } from "@/lib/wallet/testing/harness";
import { startCheckout, type CheckoutRequest } from "./checkout";
import { createListing } from "./listings";
import { bookedOrder, confirmBooking, declineBooking } from "./bookings";
import { buyerOrder, orderView } from "./orders";
import { syncOrderCheckout } from "./sync";
import { connectSeller, makeOrganisation, makeUser } from "./testing/fixtures";

const harness: StripeHarness = await startStripeHarness();
const drivers = await testDrivers();
afterAll(() => harness.close());

describe.each(drivers)("checkout on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver, { poolSize: 24 });
    harness.useDatabase(t.db);
    // The platform default in force: 5% + 30, minimum 50.
    await recordFeeSchedule(t.db, null, { percentBps: 500, fixed: 30, min: 50, max: null, settlementPercentBps: 100, effectiveFrom: new Date("2020-01-01") });
  });
  afterAll(async () => t?.close());
  afterEach(async () => checkLedgerInvariants(t.db));

  async function seller(kind: "express" | "standard" | "custom" = "express") {
    const { org, owner } = await makeOrganisation(t.db, `Seller ${kind}`);
    const account = await connectSeller(t.db, harness, org.id, kind);
    return { org, owner, account };
  }

  async function ticketListing(orgId: string, capacity = 10, amount = 2500) {
    return createListing(t.db, { id: orgId }, { kind: "event_ticket", title: "Harbour regatta", description: "Race day", amount, currency: "usd", capacity, startsAt: new Date(Date.now() + 86400_000).toISOString(), venue: "Pier 1", published: true });
  }

  async function countOrders() {
    const [r] = await t.db.select({ n: sql<number>`count(*)::int` }).from(orders);
    return r.n;
  }

  it("answers each contract error in order and writes nothing", async () => {
    const a = await seller();
    const b = await seller();
    const buyer = await makeUser(t.db);
    const la = await ticketListing(a.org.id, 2);
    const lb = await ticketListing(b.org.id, 2);
    const hidden = await createListing(t.db, { id: a.org.id }, { kind: "course", title: "Draft", description: "Not yet", amount: 1000, currency: "usd" });
    const before = await countOrders();
    const base: CheckoutRequest = { articles: [{ articleId: la.id, quantity: 1 }], uiMode: "hosted" };
    const cases: [CheckoutRequest, string, number, string?][] = [
      [{ ...base, uiMode: "embedded", cancelUrl: "http://localhost:3000/x" }, "cancel_url_not_allowed", 422, "cancelUrl"],
      [{ ...base, confirmationUrl: "https://evil.example/ok" }, "invalid_redirect_url", 422, "confirmationUrl"],
      [{ ...base, cancelUrl: "javascript:alert(1)" }, "invalid_redirect_url", 422, "cancelUrl"],
      [{ ...base, articles: [{ articleId: "00000000-0000-4000-8000-000000000000", quantity: 1 }] }, "article_not_found", 404, "articles.0.articleId"],
      [{ ...base, articles: [{ articleId: hidden.id, quantity: 1 }] }, "article_not_found", 404, "articles.0.articleId"],
      [{ ...base, articles: [{ articleId: la.id, quantity: 1 }, { articleId: lb.id, quantity: 1 }] }, "mixed_sellers", 422, "articles"],
      [{ ...base, articles: [{ articleId: la.id, quantity: 3 }] }, "sold_out", 409, "articles"],
    ];
    for (const [input, code, status, param] of cases) {
      await expect(startCheckout(t.db, buyer, input), code).rejects.toMatchObject({ code, status, ...(param ? { param } : {}) });
    }
    expect(await countOrders()).toBe(before);
    const [l] = await t.db.select().from(listings).where(eq(listings.id, la.id));
    expect(l.reserved).toBe(0);
  });

  it("refuses a seller who cannot sell with the reasons (409 seller_not_ready)", async () => {
    const a = await seller();
    const l = await ticketListing(a.org.id);
    await t.db.execute(sql`update connected_accounts set charges_enabled = false, disabled_reason = 'requirements.past_due' where id = ${a.account.id}`);
    const buyer = await makeUser(t.db);
    const err = await startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 1 }], uiMode: "hosted" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "seller_not_ready", status: 409 });
    expect(err).toMatchObject({ details: { reasons: expect.arrayContaining([expect.objectContaining({ code: expect.any(String), message: expect.any(String), action: expect.any(String) })]) } });
    expect(await t.db.select().from(orders).where(eq(orders.buyerUserId, buyer.id))).toHaveLength(0);
  });

  it("a destination charge for an Express seller: paid once by webhook and return page, fee from the schedule, transfer to the seller", async () => {
    const s = await seller("express");
    const l = await ticketListing(s.org.id, 10, 2500);
    const buyer = await makeUser(t.db);
    const start = await startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 2 }], uiMode: "hosted" });
    expect(start.url).toContain("/c/pay/");
    expect(start.stripeAccount).toBeNull();
    const session = await stripe().checkout.sessions.retrieve(start.sessionId!, { expand: ["payment_intent"] });
    expect(session.metadata?.plaza_order_id).toBe(start.orderId);
    await harness.control(`/_emu/checkout/sessions/${start.sessionId!}/complete`, {});
    await harness.drain();
    const order = await buyerOrder(t.db, start.orderId, buyer.id);
    await syncOrderCheckout(t.db, order);
    const view = await orderView(t.db, await buyerOrder(t.db, start.orderId, buyer.id));
    // 5% of 5 000 = 250, + 30 = 280
    expect(view).toMatchObject({ status: "paid", amount: 5000, platformFee: 280, chargeType: "destination", currency: "usd" });
    expect(view.feeComputation).toMatchObject({ source: "platform", percentPart: 250, fixedPart: 30, fee: 280 });
    expect(view.tickets).toHaveLength(2);
    const pi = await stripe().paymentIntents.retrieve(view.paymentIntentId!, { expand: ["latest_charge"] });
    expect(pi.application_fee_amount).toBe(280);
    expect(pi.transfer_data?.destination).toBe(s.account.id);
    // Booked once: the card sale (clearing -5000, seller's connected sales +4720, platform fees +280).
    const txs = await t.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.orderId, start.orderId));
    expect(txs.map((x) => x.type)).toEqual(["card_sale"]);
    const entries = await t.db.select().from(ledgerEntries).where(eq(ledgerEntries.transactionId, txs[0].id));
    expect(entries.map((e) => e.amount).sort((a, b) => a - b)).toEqual([-5000, 280, 4720]);
    const mails = await t.db.select().from(emailOutbox).where(eq(emailOutbox.template, "purchase_receipt"));
    expect(mails.filter((m) => m.userId === buyer.id)).toHaveLength(1);
    const sellerMails = await t.db.select().from(emailOutbox).where(and(eq(emailOutbox.template, "seller_sale"), eq(emailOutbox.userId, s.owner.id)));
    expect(sellerMails).toHaveLength(1);
  });

  it("a direct charge for a Standard seller, embedded: on the connected account with the application fee", async () => {
    const s = await seller("standard");
    const l = await createListing(t.db, { id: s.org.id }, { kind: "course", title: "Sailing theory", description: "Ten lessons", content: "Lesson 1: wind", amount: 10_000, currency: "usd", published: true });
    const buyer = await makeUser(t.db);
    const start = await startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 1 }], uiMode: "embedded" });
    expect(start.url).toBeNull();
    expect(start.clientSecret).toBeTruthy();
    expect(start.stripeAccount).toBe(s.account.id);
    await harness.control(`/_emu/checkout/sessions/${start.sessionId!}/complete`, {}).catch(async () => {
      // Sessions on a connected account are completed with its Stripe-Account header.
      const r = await fetch(`${harness.emulator.url}/_emu/checkout/sessions/${start.sessionId!}/complete`, { method: "POST", headers: { Authorization: "Bearer sk_test_plaza_emulator", "Stripe-Account": s.account.id, "Content-Type": "application/json" }, body: "{}" });
      if (!r.ok) throw new Error(`complete answered ${r.status}: ${await r.text()}`);
    });
    await harness.drain();
    const view = await orderView(t.db, await buyerOrder(t.db, start.orderId, buyer.id));
    expect(view).toMatchObject({ status: "paid", platformFee: 530, chargeType: "direct", stripeAccount: s.account.id });
    const pi = await stripe().paymentIntents.retrieve(view.paymentIntentId!, {}, { stripeAccount: s.account.id });
    expect(pi.application_fee_amount).toBe(530);
    expect(pi.transfer_data).toBeNull();
    const stored = await t.db.select().from(checkoutSessions).where(eq(checkoutSessions.id, start.sessionId!));
    expect(stored[0].stripeAccount).toBe(s.account.id);
  });

  it("a new checkout supersedes the buyer's open one: expired at Stripe, its stock released", async () => {
    const s = await seller();
    const l = await ticketListing(s.org.id, 1);
    const buyer = await makeUser(t.db);
    const first = await startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 1 }], uiMode: "hosted" });
    // The same buyer starts again for the last place: allowed, because the first checkout gives it back.
    const second = await startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 1 }], uiMode: "hosted" });
    const a = await buyerOrder(t.db, first.orderId, buyer.id);
    expect(a).toMatchObject({ status: "cancelled", closedReason: "superseded" });
    expect((await stripe().checkout.sessions.retrieve(first.sessionId!)).status).toBe("expired");
    expect((await buyerOrder(t.db, second.orderId, buyer.id)).status).toBe("awaiting_payment");
    const [row] = await t.db.select().from(listings).where(eq(listings.id, l.id));
    expect(row.reserved).toBe(1);
    await harness.drain(); // the expiry event changes nothing more
    expect((await t.db.select().from(listings).where(eq(listings.id, l.id)))[0].reserved).toBe(1);
    // With an internalReferenceId, supersession follows the reference, whatever the articles.
    const other = await ticketListing(s.org.id, 5);
    const r1 = await startCheckout(t.db, buyer, { articles: [{ articleId: other.id, quantity: 2 }], internalReferenceId: "booking-42", uiMode: "hosted" });
    const r2 = await startCheckout(t.db, buyer, { articles: [{ articleId: other.id, quantity: 1 }], internalReferenceId: "booking-42", uiMode: "hosted" });
    expect((await buyerOrder(t.db, r1.orderId, buyer.id)).status).toBe("cancelled");
    expect((await buyerOrder(t.db, r2.orderId, buyer.id)).status).toBe("awaiting_payment");
    expect((await t.db.select().from(listings).where(eq(listings.id, other.id)))[0].reserved).toBe(1);
  });

  it("a payment that still completes on a superseded checkout is refunded automatically and the buyer told", async () => {
    const s = await seller();
    const l = await ticketListing(s.org.id, 5, 4000);
    const buyer = await makeUser(t.db);
    const first = await startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 1 }], internalReferenceId: "late-1", uiMode: "hosted" });
    // Stripe cannot expire the first session (every attempt fails), so it stays payable.
    await harness.control("/_emu/faults", { path: `/v1/checkout/sessions/${first.sessionId!}/expire`, status: 500, times: 5 });
    const second = await startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 1 }], internalReferenceId: "late-1", uiMode: "hosted" });
    await fetch(`${harness.emulator.url}/_emu/faults`, { method: "DELETE", headers: { Authorization: "Bearer sk_test_plaza_emulator" } });
    expect((await stripe().checkout.sessions.retrieve(first.sessionId!)).status).toBe("open");
    await harness.control(`/_emu/checkout/sessions/${first.sessionId!}/complete`, {});
    await harness.drain();
    const late = await orderView(t.db, await buyerOrder(t.db, first.orderId, buyer.id));
    expect(late.status).toBe("cancelled");
    expect(late.refunds).toHaveLength(1);
    expect(late.refunds[0]).toMatchObject({ amount: 4000, source: "plaza", reason: "late_payment", status: "succeeded" });
    const refunds = await stripe().refunds.list({ payment_intent: (await stripe().checkout.sessions.retrieve(first.sessionId!)).payment_intent as string });
    expect(refunds.data.map((r) => r.amount)).toEqual([4000]);
    const mails = await t.db.select().from(emailOutbox).where(and(eq(emailOutbox.userId, buyer.id), eq(emailOutbox.template, "late_payment_refunded")));
    expect(mails).toHaveLength(1);
    // No tickets for the refunded payment; the second checkout still holds its place.
    expect(late.tickets).toEqual([]);
    expect((await buyerOrder(t.db, second.orderId, buyer.id)).status).toBe("awaiting_payment");
    expect((await t.db.select().from(listings).where(eq(listings.id, l.id)))[0].reserved).toBe(1);
  });

  it("20 buyers race for the last place: one order, 19 sold_out, stock never negative or oversold", async () => {
    const s = await seller();
    const l = await ticketListing(s.org.id, 3);
    const early = await makeUser(t.db);
    await startCheckout(t.db, early, { articles: [{ articleId: l.id, quantity: 2 }], uiMode: "hosted" });
    const buyers = await Promise.all(Array.from({ length: 20 }, () => makeUser(t.db, "racer")));
    const results = await Promise.allSettled(buyers.map((b) => startCheckout(t.db, b, { articles: [{ articleId: l.id, quantity: 1 }], uiMode: "hosted" })));
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const r of lost) expect(r.reason).toMatchObject({ code: "sold_out", status: 409 });
    const [row] = await t.db.select().from(listings).where(eq(listings.id, l.id));
    expect(row.reserved).toBe(3);
    const open = await t.db.select().from(orders).where(and(eq(orders.status, "awaiting_payment"), sql`${orders.buyerUserId} in (${sql.join(buyers.map((b) => sql`${b.id}`), sql`, `)})`));
    expect(open).toHaveLength(1);
  });

  it("concurrent checkouts never deadlock: one buyer's retries supersede each other, two buyers lock listings in one order", async () => {
    const s = await seller();
    const l1 = await ticketListing(s.org.id, 50);
    const l2 = await ticketListing(s.org.id, 50);
    const buyer = await makeUser(t.db);
    const same = { articles: [{ articleId: l1.id, quantity: 1 }, { articleId: l2.id, quantity: 1 }], uiMode: "hosted" as const };
    const retries = await Promise.allSettled(Array.from({ length: 8 }, () => startCheckout(t.db, buyer, same)));
    expect(retries.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    // Each one superseded the one before: exactly one stays open, and only its places are held.
    const open = await t.db.select().from(orders).where(and(eq(orders.buyerUserId, buyer.id), eq(orders.status, "awaiting_payment")));
    expect(open).toHaveLength(1);
    const others = await Promise.all(Array.from({ length: 6 }, () => makeUser(t.db, "crossed")));
    const crossed = await Promise.allSettled(
      others.map((b, i) => startCheckout(t.db, b, { articles: i % 2 ? [{ articleId: l2.id, quantity: 1 }, { articleId: l1.id, quantity: 1 }] : same.articles, uiMode: "hosted" })),
    );
    expect(crossed.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const rows = await t.db.select().from(listings).where(sql`${listings.id} in (${l1.id}, ${l2.id})`);
    for (const row of rows) expect(row.reserved).toBe(1 + others.length);
  });

  it("books a service slot: authorised at booking (manual capture), captured when the seller confirms, released when declined", async () => {
    const s = await seller("express");
    const l = await createListing(t.db, { id: s.org.id }, {
      kind: "service",
      title: "Coaching hour",
      description: "One to one",
      amount: 8000,
      currency: "usd",
      published: true,
      slots: [
        { startsAt: "2031-01-01T10:00:00Z", endsAt: "2031-01-01T11:00:00Z" },
        { startsAt: "2031-01-01T12:00:00Z", endsAt: "2031-01-01T13:00:00Z" },
      ],
    });
    const [slotA, slotB] = l.slots;
    const buyer = await makeUser(t.db);
    const rival = await makeUser(t.db);
    await expect(startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 1 }], uiMode: "hosted" })).rejects.toMatchObject({ code: "validation_failed", param: "articles.0.slotId" });
    const a = await startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 1, slotId: slotA.id }], uiMode: "hosted" });
    // One buyer per slot.
    await expect(startCheckout(t.db, rival, { articles: [{ articleId: l.id, quantity: 1, slotId: slotA.id }], uiMode: "hosted" })).rejects.toMatchObject({ code: "sold_out", status: 409 });
    const b = await startCheckout(t.db, rival, { articles: [{ articleId: l.id, quantity: 1, slotId: slotB.id }], uiMode: "hosted" });
    const cs = await stripe().checkout.sessions.retrieve(a.sessionId!, { expand: ["payment_intent"] });
    expect(cs.payment_intent).toBeDefined();
    await harness.control(`/_emu/checkout/sessions/${a.sessionId!}/complete`, {});
    await harness.control(`/_emu/checkout/sessions/${b.sessionId!}/complete`, {});
    await harness.drain();
    const va = await orderView(t.db, await buyerOrder(t.db, a.orderId, buyer.id));
    expect(va).toMatchObject({ status: "authorised", booking: { status: "awaiting_confirmation", slotId: slotA.id } });
    const pi = await stripe().paymentIntents.retrieve(va.paymentIntentId!);
    expect(pi).toMatchObject({ status: "requires_capture", capture_method: "manual" });
    expect(await t.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.orderId, a.orderId))).toHaveLength(0);

    const confirmed = await confirmBooking(t.db, (await bookedOrder(t.db, a.orderId)).order);
    expect(confirmed).toMatchObject({ status: "paid", booking: { status: "confirmed" } });
    expect((await stripe().paymentIntents.retrieve(va.paymentIntentId!)).status).toBe("succeeded");
    expect((await t.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.orderId, a.orderId))).map((x) => x.type)).toEqual(["card_sale"]);
    await expect(confirmBooking(t.db, (await bookedOrder(t.db, a.orderId)).order)).rejects.toMatchObject({ status: 409 });

    const declined = await declineBooking(t.db, (await bookedOrder(t.db, b.orderId)).order);
    expect(declined).toMatchObject({ status: "released", booking: { status: "declined" } });
    expect((await stripe().paymentIntents.retrieve(declined.paymentIntentId!)).status).toBe("canceled");
    // The declined slot is free again.
    const again = await startCheckout(t.db, rival, { articles: [{ articleId: l.id, quantity: 1, slotId: slotB.id }], uiMode: "hosted" });
    expect(again.orderId).toBeTruthy();
  });

  it("a free listing is fulfilled at once, with no Stripe session", async () => {
    const s = await seller();
    const l = await createListing(t.db, { id: s.org.id }, { kind: "course", title: "Free taster", description: "Try it", content: "Welcome", amount: 0, currency: "usd", published: true });
    const buyer = await makeUser(t.db);
    const start = await startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 1 }], uiMode: "hosted" });
    expect(start).toMatchObject({ sessionId: null, status: "complete" });
    expect(await orderView(t.db, await buyerOrder(t.db, start.orderId, buyer.id))).toMatchObject({ status: "paid", amount: 0, platformFee: 0 });
    expect(await t.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.orderId, start.orderId))).toHaveLength(0);
  });

  it("an expired checkout releases its stock", async () => {
    const s = await seller();
    const l = await ticketListing(s.org.id, 1);
    const buyer = await makeUser(t.db);
    const start = await startCheckout(t.db, buyer, { articles: [{ articleId: l.id, quantity: 1 }], uiMode: "hosted" });
    await stripe().checkout.sessions.expire(start.sessionId!);
    await harness.drain();
    expect((await buyerOrder(t.db, start.orderId, buyer.id)).status).toBe("expired");
    expect((await t.db.select().from(listings).where(eq(listings.id, l.id)))[0].reserved).toBe(0);
  });
});
