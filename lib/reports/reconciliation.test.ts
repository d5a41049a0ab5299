import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import type { Database } from "@/db/client";
import { isAppError } from "@/lib/errors";
import { recordFeeSchedule } from "@/lib/fees/schedules";
import { getOrCreateAccount } from "@/lib/ledger/accounts";
import { postTransactions } from "@/lib/ledger/post";
import { chargeOrder } from "@/lib/marketplace/charge";
import { startCheckout } from "@/lib/marketplace/checkout";
import { createListing } from "@/lib/marketplace/listings";
import { refundOrder } from "@/lib/marketplace/refunds";
import { connectSeller, makeOrganisation, makeUser } from "@/lib/marketplace/testing/fixtures";
import { today } from "@/lib/settlement/days";
import { confirmSettlement, proposeSettlement } from "@/lib/settlement/settlements";
import { stripe } from "@/lib/stripe/client";
import { startStripeHarness, type StripeHarness } from "@/lib/wallet/testing/harness";
import { matchEntries, parseReconciliationQuery, RECONCILIATION_CSV_HEADER, reconcile, reconciliationCsv, type Reconciliation } from "./reconciliation";

const harness: StripeHarness = await startStripeHarness();
const drivers = await testDrivers();
afterAll(() => harness.close());

describe("the reconciliation period and matching rules", () => {
  it("defaults to the previous month and refuses backwards or overlong periods with a 422", () => {
    const now = new Date("2026-12-02T10:00:00Z");
    expect(parseReconciliationQuery(new URLSearchParams(), now)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(parseReconciliationQuery(new URLSearchParams("from=2026-10-05&to=2026-10-06"), now)).toEqual({ from: "2026-10-05", to: "2026-10-06" });
    for (const bad of ["from=2026-10-06&to=2026-10-05", "from=2024-01-01&to=2026-01-01", "from=2026-02-30"]) {
      try {
        parseReconciliationQuery(new URLSearchParams(bad), now);
        throw new Error(`accepted ${bad}`);
      } catch (e) {
        expect(isAppError(e) && e.status, bad).toBe(422);
      }
    }
  });

  it("explains one-sided expected items, drops Plaza postings that cancel out, and flags the rest", () => {
    const at = new Date("2026-11-10T10:00:00Z");
    const { items, totals } = matchEntries([
      { side: "plaza", category: "charges", key: "pi_1", amount: 1000, id: "PLZ-1", date: at },
      { side: "stripe", category: "charges", key: "pi_1", amount: 1000, id: "ch_1 (txn_1)", date: at },
      { side: "stripe", category: "stripe_fees", key: "pi_1", amount: -59, id: "ch_1 (txn_1)", date: at, expected: "processing fee" },
      { side: "plaza", category: "transfers", key: "settlement-line:l1", amount: -500, id: "PLZ-2", date: at },
      { side: "plaza", category: "transfers", key: "settlement-line:l1", amount: 500, id: "PLZ-3", date: at },
      { side: "plaza", category: "refunds", key: "re_1", amount: -300, id: "PLZ-4", date: at },
      { side: "stripe", category: "refunds", key: "re_1", amount: -200, id: "re_1 (txn_2)", date: at },
    ]);
    expect(items.map((i) => [i.category, i.key, i.status])).toEqual([
      ["refunds", "re_1", "difference"],
      ["stripe_fees", "pi_1", "explained"],
      ["charges", "pi_1", "matched"],
    ]);
    expect(totals.find((t) => t.category === "refunds")).toMatchObject({ plaza: -300, stripe: -200, difference: 100, explained: 0, unexplained: 100 });
    expect(totals.find((t) => t.category === "stripe_fees")).toMatchObject({ difference: -59, explained: -59, unexplained: 0 });
  });
});

describe.each(drivers)("reconciliation against the emulator on %s", (driver) => {
  let t: TestDatabase;
  let admin: { id: string };
  beforeAll(async () => {
    await harness.control("/_emu/reset"); // a fresh Stripe tenant: only this database's objects
    t = await createTestDatabase(driver, { poolSize: 4 });
    harness.useDatabase(t.db);
    admin = await makeUser(t.db, "admin");
    await recordFeeSchedule(t.db, null, { percentBps: 500, fixed: 30, min: null, max: null, settlementPercentBps: 100, effectiveFrom: new Date("2020-01-01") });
  });
  afterAll(async () => t?.close());

  async function post(db: Database, type: "manual_top_up" | "refund" | "payment", key: string, amount: number, stripeObjectId: string | null, when?: string) {
    const clearing = await getOrCreateAccount(db, { kind: "stripe_clearing", currency: "usd" });
    const wallet = await getOrCreateAccount(db, { kind: "member_wallet", ownerUserId: admin.id, currency: "usd" });
    await db.transaction(async (tx) => {
      if (when) await tx.execute(sql`select set_config('plaza.ledger_clock', ${new Date(when).toISOString()}, true)`);
      await postTransactions(tx, [{ type, description: type, idempotencyKey: `${key}:${driver}`, stripeObjectId, entries: [{ accountId: clearing.id, amount: -amount }, { accountId: wallet.id, amount }] }]);
    });
  }
  const byKey = (r: Reconciliation, key: string, category = "charges") => r.items.find((i) => i.key === key && i.category === category);
  const total = (r: Reconciliation, category: string) => r.totals.find((x) => x.category === category);

  it("matches a charge, a refund, a settlement transfer and a payout, and lists injected one-sided items with their ids", async () => {
    const day = today();
    // A top-up charge (funds available at once) and Plaza's posting of it.
    const pi = await stripe().paymentIntents.create({ amount: 100_000, currency: "usd", payment_method: "pm_card_bypassPending", confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: "never" } });
    await post(t.db, "manual_top_up", "recon:charge", 100_000, pi.id);
    // A refund of part of it.
    const re = await stripe().refunds.create({ payment_intent: pi.id, amount: 25_000 });
    await post(t.db, "refund", "recon:refund", -25_000, re.id);
    // A settlement paid by Stripe transfer (the club's money arrived last month: outside the period).
    const { org } = await makeOrganisation(t.db, "Recon Club");
    await connectSeller(t.db, harness, org.id, "express");
    const club = await getOrCreateAccount(t.db, { kind: "organisation", ownerOrganisationId: org.id, currency: "usd" });
    const clearing = await getOrCreateAccount(t.db, { kind: "stripe_clearing", currency: "usd" });
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('plaza.ledger_clock', ${new Date("2026-10-10T12:00:00Z").toISOString()}, true)`);
      await postTransactions(tx, [{ type: "payment", description: "Member payment", idempotencyKey: `recon:fund:${driver}`, entries: [{ accountId: clearing.id, amount: -20_000 }, { accountId: club.id, amount: 20_000 }] }]);
    });
    const { settlement } = await proposeSettlement(t.db, { referenceDate: "2026-10-31" }, admin.id);
    const confirmed = await confirmSettlement(t.db, settlement.id, {}, admin.id);
    const line = confirmed.settlement.lines.find((l) => l.orgSlug === org.slug);
    expect(line).toMatchObject({ status: "paid", amount: 19_800 });
    const transferId = line?.stripeTransferId ?? "";
    expect(transferId).toMatch(/^tr_/);
    // A payout to the platform's bank: Plaza knows it from the payout event in its inbox.
    const po = await stripe().payouts.create({ amount: 10_000, currency: "usd" });

    const clean = await reconcile(t.db, { from: day, to: day }, "usd");
    expect(clean.counts.differences).toBe(0);
    expect(byKey(clean, pi.id)).toMatchObject({ category: "charges", status: "matched", plaza: 100_000, stripe: 100_000 });
    expect(byKey(clean, re.id, "refunds")).toMatchObject({ category: "refunds", status: "matched", plaza: -25_000, stripe: -25_000 });
    expect(byKey(clean, transferId, "transfers")).toMatchObject({ category: "transfers", status: "matched", plaza: -19_800, stripe: -19_800 });
    expect(byKey(clean, po.id, "payouts")).toMatchObject({ category: "payouts", status: "matched", plaza: -10_000, stripe: -10_000 });
    for (const c of ["charges", "refunds", "transfers", "payouts"]) expect(total(clean, c), c).toMatchObject({ difference: 0, unexplained: 0 });
    expect(total(clean, "charges")).toMatchObject({ plaza: 100_000, stripe: 100_000 });
    // Stripe's processing fee is not booked in Plaza: explained, not unexplained.
    const fee = clean.items.find((i) => i.category === "stripe_fees" && i.key === pi.id);
    expect(fee).toMatchObject({ status: "explained", plaza: 0 });
    expect(fee?.stripe).toBeLessThan(0);
    expect(total(clean, "stripe_fees")).toMatchObject({ unexplained: 0 });

    // Injected: a ledger posting Stripe never saw, and a Stripe charge Plaza never booked.
    await post(t.db, "manual_top_up", "recon:ledger-only", 500, `pi_ledger_only_${driver}`);
    const orphan = await stripe().paymentIntents.create({ amount: 700, currency: "usd", payment_method: "pm_card_bypassPending", confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: "never" } });
    const dirty = await reconcile(t.db, { from: day, to: day }, "usd");
    expect(dirty.items.filter((i) => i.status === "difference").map((i) => i.key).sort()).toEqual([orphan.id, `pi_ledger_only_${driver}`].sort());
    expect(byKey(dirty, `pi_ledger_only_${driver}`)).toMatchObject({ category: "charges", status: "difference", plaza: 500, stripe: 0, stripeIds: [] });
    const stripeOnly = byKey(dirty, orphan.id);
    expect(stripeOnly).toMatchObject({ category: "charges", status: "difference", plaza: 0, stripe: 700, plazaReferences: [] });
    expect(stripeOnly?.stripeIds[0]).toMatch(/^ch_\w+ \(txn_\w+\)$/);
    expect(total(dirty, "charges")).toMatchObject({ plaza: 100_500, stripe: 100_700, difference: 200, unexplained: 200 });

    // CSV for accountants: the header, one row per item, differences first, amounts in major units.
    const csv = reconciliationCsv(dirty).trimEnd().split("\r\n");
    expect(csv[0]).toBe(RECONCILIATION_CSV_HEADER.join(","));
    expect(csv[0]).toBe("Date,Category,Status,Stripe id,Stripe objects,Plaza references,Currency,Plaza,Stripe,Difference,Note");
    expect(csv).toHaveLength(dirty.items.length + 1);
    const row = csv.find((r) => r.includes(`pi_ledger_only_${driver}`)) ?? "";
    expect(row).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[^,]+,charges,difference,pi_ledger_only_${driver},,PLZ-\\d+,USD,5\\.00,0\\.00,-5\\.00,`));
    expect(csv.find((r) => r.includes(po.id))).toContain(",payouts,matched,");

    // October: only the club's member payment (booked in Plaza with no Stripe object), nothing at Stripe.
    const october = await reconcile(t.db, { from: "2026-10-01", to: "2026-10-31" }, "usd");
    expect(october.counts.stripeTransactions).toBe(0);
    expect(october.items).toHaveLength(1);
    expect(october.items[0]).toMatchObject({ category: "charges", status: "difference", plaza: 20_000, stripe: 0 });
    expect(byKey(october, pi.id)).toBeUndefined();
  });

  it("matches a destination card sale and its partial refund: the seller's transfer and its reversal, and the application fee and its refund", async () => {
    const day = today();
    const { org } = await makeOrganisation(t.db, "Recon Sales Club");
    await connectSeller(t.db, harness, org.id, "express");
    const buyer = await makeUser(t.db, "buyer");
    const listing = await createListing(t.db, org, { kind: "course", title: "Recon course", description: "d", content: "c", amount: 5_000, currency: "usd", published: true });
    const start = await startCheckout(t.db, buyer, { articles: [{ articleId: listing.id, quantity: 1 }], uiMode: "hosted" });
    const paid = await chargeOrder(t.db, buyer, start.orderId, { stripe: "pm_card_visa" });
    expect(paid.status).toBe("paid");
    const salePi = paid.order.paymentIntentId ?? "";
    expect(paid.order.platformFee).toBe(280); // 5% + 0.30
    await refundOrder(t.db, { id: admin.id, platformAdmin: true, organisations: [] }, start.orderId, { amount: 2_000 });
    await harness.drain();

    const r = await reconcile(t.db, { from: day, to: day }, "usd");
    expect(byKey(r, salePi)).toMatchObject({ status: "matched", plaza: 5_000, stripe: 5_000 });
    // Stripe: transfer -50.00 to the seller, reversal +20.00 on the refund. Plaza: the seller's share of the
    // sale and of the refund, with the fee legs (connected sales + platform fees).
    expect(byKey(r, salePi, "seller_transfers")).toMatchObject({ status: "matched", plaza: -3_000, stripe: -3_000 });
    // Application fee 2.80 less its refunded share 1.12 (280 x 2000 / 5000).
    expect(byKey(r, salePi, "application_fees")).toMatchObject({ status: "matched", plaza: 168, stripe: 168 });
    const refund = r.items.find((i) => i.category === "refunds" && i.status === "matched" && i.stripe === -2_000);
    expect(refund?.key).toMatch(/^re_/);
    expect(r.items.filter((i) => i.status === "difference" && (i.key === salePi || ["refunds", "seller_transfers", "application_fees"].includes(i.category)))).toEqual([]);
  });
});
