import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { ledgerTransactions, users, walletTopUpRefunds, walletTopUps } from "@/db/schema";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { getBalance, getOrCreateAccount } from "@/lib/ledger/accounts";
import { holderStatementPage } from "@/lib/statements/holder-statement";
import { startTopUpCheckout } from "@/lib/payments/top-ups";
import { refundTopUpToCard } from "@/lib/payments/top-up-refunds";
import { transferToMember } from "@/lib/payments/wallet-payments";
import { startStripeHarness, type StripeHarness } from "./testing/harness";
import { walletBalance } from "./accounts";
import { listTopUpsWithRefunds, quoteTopUpRefund, refundCharge, settleTopUpRefund } from "./top-up-refunds";

const harness: StripeHarness = await startStripeHarness();
const drivers = await testDrivers();
afterAll(() => harness.close());

const WEEK = 7 * 86_400_000;

describe("refund charge rounding", () => {
  it("is 3% by default, half-up to the minor unit", () => {
    expect(refundCharge(5000, 300)).toBe(150);
    expect(refundCharge(1050, 300)).toBe(32); // 31.5 -> 32
    expect(refundCharge(1049, 300)).toBe(31); // 31.47 -> 31
    expect(refundCharge(16, 300)).toBe(0); // 0.48 -> 0
    expect(refundCharge(17, 300)).toBe(1); // 0.51 -> 1
  });
});

describe.each(drivers)("wallet top-up refunds on %s", (driver) => {
  let t: TestDatabase;
  let n = 0;
  const sdk = () => new Stripe("sk_test_plaza_emulator", { host: "127.0.0.1", port: harness.emulator.port, protocol: "http", telemetry: false });
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    harness.useDatabase(t.db);
  });
  afterAll(async () => t?.close());
  afterEach(async () => checkLedgerInvariants(t.db));

  async function member(name = "member") {
    n++;
    const [u] = await t.db.insert(users).values({ email: `${name}-${n}-${driver}@plaza.test`, name: `${name} ${n}` }).returning();
    return { id: u.id, email: u.email, name: u.name };
  }

  async function topUp(user: { id: string; email: string }, amount: number, card?: string) {
    const start = await startTopUpCheckout(t.db, { user, amount, uiMode: "hosted", kind: "manual" });
    await harness.control(`/_emu/checkout/sessions/${start.sessionId}/complete`, card ? { card } : {});
    await harness.drain();
    const [row] = await t.db.select().from(walletTopUps).where(eq(walletTopUps.id, start.topUpId));
    expect(row.status).toBe("succeeded");
    return row;
  }

  async function platformFees(): Promise<number> {
    const fees = await getOrCreateAccount(t.db, { kind: "platform_fees", currency: "usd" });
    return (await getBalance(t.db, fees.id)).amount;
  }

  it("sends unspent money back to the card less the 3% charge, posted as platform income, and the statement shows both", async () => {
    const m = await member();
    const friend = await member("friend");
    const row = await topUp(m, 5000);
    await transferToMember(t.db, { from: m, toEmail: friend.email, amount: 1000, description: "Lunch", mode: "batch" });
    const quote = await quoteTopUpRefund(t.db, { topUpId: row.id, actor: { id: m.id, asAdmin: false } });
    // The balance (4 000) caps the refund; 3% of 4 000 = 120 stays with the platform, 3 880 goes to the card.
    expect(quote).toMatchObject({ amount: 4000, charge: 120, cardAmount: 3880, balanceAfter: 0, left: 5000 });
    const feesBefore = await platformFees();
    const refund = await refundTopUpToCard(t.db, { topUpId: row.id, actor: { id: m.id, asAdmin: false } });
    expect(refund).toMatchObject({ status: "succeeded", amount: 4000, charge: 120, cardAmount: 3880 });
    expect(refund.stripeRefundId).toMatch(/^re_/);
    expect((await walletBalance(t.db, m.id)).amount).toBe(0);
    expect((await platformFees()) - feesBefore).toBe(120);
    // Stripe refunded exactly the card amount on the top-up's PaymentIntent, once.
    const refunds = await sdk().refunds.list({ payment_intent: row.paymentIntentId! });
    expect(refunds.data.map((r) => r.amount)).toEqual([3880]);
    expect(refunds.data[0].metadata?.plaza_top_up_refund_id).toBe(refund.id);
    const statement = await holderStatementPage(t.db, { userId: m.id }, { limit: 10 });
    const lines = statement.rows.map((r) => [r.type, r.description, r.amount]);
    expect(lines).toContainEqual(["card_refund", "Refund to card", -3880]);
    expect(lines).toContainEqual(["fee", "Refund charge (3%)", -120]);
  });

  it("refuses outside the 12-week window and allows it just inside", async () => {
    const m = await member();
    const row = await topUp(m, 2000);
    const credited = row.completedAt!.getTime();
    await expect(refundTopUpToCard(t.db, { topUpId: row.id, actor: { id: m.id, asAdmin: false }, now: new Date(credited + 12 * WEEK + 1000) })).rejects.toMatchObject({
      code: "refund_not_allowed",
      status: 409,
      details: { reason: "window_passed" },
    });
    expect(await t.db.select().from(walletTopUpRefunds).where(eq(walletTopUpRefunds.topUpId, row.id))).toHaveLength(0);
    expect((await walletBalance(t.db, m.id)).amount).toBe(2000);
    const inside = await refundTopUpToCard(t.db, { topUpId: row.id, actor: { id: m.id, asAdmin: false }, amount: 1000, now: new Date(credited + 12 * WEEK - 60_000) });
    expect(inside).toMatchObject({ status: "succeeded", amount: 1000, charge: 30, cardAmount: 970 });
  });

  it("never takes the balance below zero nor refunds more than is left of the top-up", async () => {
    const m = await member();
    const friend = await member("friend");
    const first = await topUp(m, 3000);
    await topUp(m, 2000);
    // Balance 5 000, but only 3 000 of the first top-up can go back to its card.
    await expect(refundTopUpToCard(t.db, { topUpId: first.id, actor: { id: m.id, asAdmin: false }, amount: 3001 })).rejects.toMatchObject({ code: "amount_too_large", status: 422, param: "amount" });
    await refundTopUpToCard(t.db, { topUpId: first.id, actor: { id: m.id, asAdmin: false }, amount: 1000 });
    await refundTopUpToCard(t.db, { topUpId: first.id, actor: { id: m.id, asAdmin: false }, amount: 1500 });
    // 500 left of the top-up.
    await expect(refundTopUpToCard(t.db, { topUpId: first.id, actor: { id: m.id, asAdmin: false }, amount: 600 })).rejects.toMatchObject({ code: "amount_too_large", details: { max: 500 } });
    await sendAway(friend.email);
    // Balance now 2 500 - 2 300 = 200: the refund is capped by it.
    const quote = await quoteTopUpRefund(t.db, { topUpId: first.id, actor: { id: m.id, asAdmin: false } });
    expect(quote).toMatchObject({ amount: 200, charge: 6, cardAmount: 194, balanceAfter: 0 });
    await expect(refundTopUpToCard(t.db, { topUpId: first.id, actor: { id: m.id, asAdmin: false }, amount: 201 })).rejects.toMatchObject({ code: "amount_too_large" });
    await refundTopUpToCard(t.db, { topUpId: first.id, actor: { id: m.id, asAdmin: false } });
    expect((await walletBalance(t.db, m.id)).amount).toBe(0);
    await expect(refundTopUpToCard(t.db, { topUpId: first.id, actor: { id: m.id, asAdmin: false } })).rejects.toMatchObject({ code: "refund_not_allowed", details: { reason: "balance_too_low" } });
    const [listed] = (await listTopUpsWithRefunds(t.db, m.id)).filter((x) => x.topUp.id === first.id);
    expect(listed.left).toBe(300);
    expect(listed.refunds).toHaveLength(3);

    async function sendAway(to: string) {
      await transferToMember(t.db, { from: m, toEmail: to, amount: 2300, description: "Boat share", mode: "batch" });
    }
  });

  it("lets a platform admin refund any member's top-up up to what is left, with no charge and no window, but never their own", async () => {
    const m = await member();
    const admin = await member("admin");
    const row = await topUp(m, 4000);
    const own = await topUp(admin, 1000);
    await expect(refundTopUpToCard(t.db, { topUpId: own.id, actor: { id: admin.id, asAdmin: true } })).rejects.toMatchObject({ code: "forbidden", status: 403 });
    // Someone else's top-up without the admin role reads as not found.
    await expect(refundTopUpToCard(t.db, { topUpId: row.id, actor: { id: admin.id, asAdmin: false } })).rejects.toMatchObject({ code: "not_found" });
    const late = new Date(row.completedAt!.getTime() + 20 * WEEK);
    const refund = await refundTopUpToCard(t.db, { topUpId: row.id, actor: { id: admin.id, asAdmin: true }, amount: 2500, now: late });
    expect(refund).toMatchObject({ status: "succeeded", amount: 2500, charge: 0, cardAmount: 2500, byAdmin: true, actorUserId: admin.id, userId: m.id });
    await expect(refundTopUpToCard(t.db, { topUpId: row.id, actor: { id: admin.id, asAdmin: true }, amount: 1501 })).rejects.toMatchObject({ code: "amount_too_large", details: { max: 1500 } });
    expect((await walletBalance(t.db, m.id)).amount).toBe(1500);
  });

  it("is idempotent: a double click refunds once, and replayed webhooks and settles change nothing", async () => {
    const m = await member();
    const row = await topUp(m, 3000);
    const actor = { id: m.id, asAdmin: false };
    const results = await Promise.allSettled([refundTopUpToCard(t.db, { topUpId: row.id, actor }), refundTopUpToCard(t.db, { topUpId: row.id, actor })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused && refused.status === "rejected" ? refused.reason : null).toMatchObject({ code: "refund_not_allowed" });
    const [refund] = await t.db.select().from(walletTopUpRefunds).where(eq(walletTopUpRefunds.topUpId, row.id));
    // Settling again (the API's answer and the webhook, in any order, repeatedly) posts nothing more.
    const before = await t.db.select().from(ledgerTransactions);
    await t.db.transaction((tx) => settleTopUpRefund(tx, refund.id, { stripeRefundId: refund.stripeRefundId, status: "succeeded" }));
    await t.db.transaction((tx) => settleTopUpRefund(tx, refund.id, { stripeRefundId: refund.stripeRefundId, status: "pending" }));
    await harness.drain();
    expect(await t.db.select().from(ledgerTransactions)).toHaveLength(before.length);
    expect((await sdk().refunds.list({ payment_intent: row.paymentIntentId! })).data).toHaveLength(1);
    expect((await walletBalance(t.db, m.id)).amount).toBe(0);
  });

  it("undoes the hold when Stripe refuses the refund", async () => {
    const m = await member();
    const row = await topUp(m, 2000);
    await harness.control("/_emu/faults", { path: "/v1/refunds", status: 500, times: 5 });
    try {
      await expect(refundTopUpToCard(t.db, { topUpId: row.id, actor: { id: m.id, asAdmin: false } })).rejects.toMatchObject({ code: "stripe_unavailable" });
    } finally {
      await fetch(`${harness.emulator.url}/_emu/faults`, { method: "DELETE", headers: { Authorization: "Bearer sk_test_plaza_emulator" } });
    }
    const [refund] = await t.db.select().from(walletTopUpRefunds).where(eq(walletTopUpRefunds.topUpId, row.id));
    expect(refund.status).toBe("failed");
    expect(refund.reversalTransactionId).not.toBeNull();
    expect((await walletBalance(t.db, m.id)).amount).toBe(2000);
    // Nothing is left counted against the top-up: the member can try again.
    const again = await refundTopUpToCard(t.db, { topUpId: row.id, actor: { id: m.id, asAdmin: false }, amount: 1000 });
    expect(again.status).toBe("succeeded");
  });

  it("undoes the hold once when Stripe reports the refund failed later (refund.failed), however often it arrives", async () => {
    const m = await member();
    const row = await topUp(m, 2500, "4000000000005126");
    const feesBefore = await platformFees();
    const refund = await refundTopUpToCard(t.db, { topUpId: row.id, actor: { id: m.id, asAdmin: false } });
    expect(refund.status).toBe("succeeded");
    expect((await walletBalance(t.db, m.id)).amount).toBe(0);
    await harness.control("/_emu/clock/advance", { seconds: 120 });
    await harness.drain();
    const [failed] = await t.db.select().from(walletTopUpRefunds).where(eq(walletTopUpRefunds.id, refund.id));
    expect(failed.status).toBe("failed");
    expect(failed.failureMessage).toContain("expired_or_canceled_card");
    expect((await walletBalance(t.db, m.id)).amount).toBe(2500);
    expect(await platformFees()).toBe(feesBefore);
    // The event again: nothing more moves.
    const deliveries = (await (await fetch(`${harness.emulator.url}/_emu/deliveries?type=refund.failed`, { headers: { Authorization: "Bearer sk_test_plaza_emulator" } })).json()) as { data: { event_id: string }[] };
    const eventId = deliveries.data.at(-1)?.event_id;
    expect(eventId).toBeTruthy();
    await harness.control(`/_emu/events/${eventId}/resend`);
    await harness.drain();
    const undo = await t.db.select().from(ledgerTransactions).where(and(eq(ledgerTransactions.idempotencyKey, `top-up-refund:${refund.id}:undo`)));
    expect(undo).toHaveLength(1);
    expect((await walletBalance(t.db, m.id)).amount).toBe(2500);
  });
});
