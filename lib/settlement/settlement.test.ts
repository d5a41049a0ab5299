import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import type { Database } from "@/db/client";
import { ledgerTransactions } from "@/db/schema";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { getOrCreateAccount } from "@/lib/ledger/accounts";
import { postTransactions } from "@/lib/ledger/post";
import { recordFeeSchedule, endFeeOverride, scheduleInForce, settlementPercentsInForce } from "@/lib/fees/schedules";
import { stripe } from "@/lib/stripe/client";
import { organisationBalance, walletBalance } from "@/lib/wallet/accounts";
import { startStripeHarness, type StripeHarness } from "@/lib/wallet/testing/harness";
import { connectSeller, makeOrganisation, makeUser } from "@/lib/marketplace/testing/fixtures";
import { balancesAsOf, balancesCsv } from "@/lib/reports/balances";
import { adjustmentRequest, postAdjustment } from "./adjustments";
import { endOfDay, lastDayOfPreviousMonth, startOfDay } from "./days";
import { setMinimumFloat } from "./floats";
import { BANK_CSV_HEADER, bankCsv, confirmSettlement, loweredSplit, proposeSettlement, retrySettlementLine } from "./settlements";

const harness: StripeHarness = await startStripeHarness();
const drivers = await testDrivers();
afterAll(() => harness.close());

/** Posts with the ledger clock set to `when` (as the demo seed does). */
async function postAt(db: Database, when: string, postings: Parameters<typeof postTransactions>[1]) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('plaza.ledger_clock', ${new Date(when).toISOString()}, true)`);
    await postTransactions(tx, postings);
  });
}

let n = 0;
async function fundOrg(db: Database, orgId: string, amount: number, when: string) {
  n++;
  const clearing = await getOrCreateAccount(db, { kind: "stripe_clearing", currency: "usd" });
  const acct = await getOrCreateAccount(db, { kind: "organisation", ownerOrganisationId: orgId, currency: "usd" });
  await postAt(db, when, [{ type: "payment", description: "Test payment", idempotencyKey: `test:fund:${orgId}:${n}`, entries: [{ accountId: clearing.id, amount: -amount }, { accountId: acct.id, amount }] }]);
}

async function transfersTo(destination: string) {
  return (await stripe().transfers.list({ destination, limit: 100 })).data;
}

describe("settlement arithmetic and days", () => {
  it("finds the last day of the previous month and the end of a day in a time zone", () => {
    expect(lastDayOfPreviousMonth(new Date("2026-12-01T10:00:00Z"), "UTC")).toBe("2026-11-30");
    expect(lastDayOfPreviousMonth(new Date("2026-03-15T10:00:00Z"), "UTC")).toBe("2026-02-28");
    // 1 Dec 2026, 00:30 in Sydney is still November in UTC: the zone decides.
    expect(lastDayOfPreviousMonth(new Date("2026-11-30T13:30:00Z"), "Australia/Sydney")).toBe("2026-11-30");
    expect(endOfDay("2026-11-30", "UTC").toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(startOfDay("2026-12-01", "Australia/Sydney").toISOString()).toBe("2026-11-30T13:00:00.000Z");
    expect(startOfDay("2026-07-01", "Europe/London").toISOString()).toBe("2026-06-30T23:00:00.000Z");
  });
  it("lowers a line to an amount: the smallest gross that pays it, the rest is the fee", () => {
    expect(loweredSplit(10_000, 17_000, 150)).toEqual({ gross: 10_152, fee: 152, amount: 10_000 });
    expect(loweredSplit(0, 17_000, 150)).toEqual({ gross: 0, fee: 0, amount: 0 });
    expect(loweredSplit(500, 1000, 0)).toEqual({ gross: 500, fee: 0, amount: 500 });
  });
});

describe.each(drivers)("settlements on %s", (driver) => {
  let t: TestDatabase;
  let admin: { id: string };
  beforeAll(async () => {
    t = await createTestDatabase(driver, { poolSize: 4 });
    harness.useDatabase(t.db);
    admin = await makeUser(t.db, "admin");
    await recordFeeSchedule(t.db, null, { percentBps: 500, fixed: 30, min: null, max: null, settlementPercentBps: 100, effectiveFrom: new Date("2020-01-01") });
    await recordFeeSchedule(t.db, null, { percentBps: 500, fixed: 30, min: null, max: null, settlementPercentBps: 150, effectiveFrom: new Date("2026-01-01") });
    // The platform's Stripe balance, for transfers (funds available at once).
    await stripe().paymentIntents.create({ amount: 10_000_000, currency: "usd", payment_method: "pm_card_bypassPending", confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: "never" } });
  });
  afterAll(async () => {
    if (t) await checkLedgerInvariants(t.db);
    await t?.close();
  });

  it("derives balances at a date from the ledger entries, not from today's balance", async () => {
    const { org } = await makeOrganisation(t.db, "AsOf Club");
    const member = await makeUser(t.db, "asof");
    const clearing = await getOrCreateAccount(t.db, { kind: "stripe_clearing", currency: "usd" });
    const wallet = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: member.id, currency: "usd" });
    const club = await getOrCreateAccount(t.db, { kind: "organisation", ownerOrganisationId: org.id, currency: "usd" });
    await postAt(t.db, "2025-03-10T12:00:00Z", [{ type: "manual_top_up", description: "Top-up", idempotencyKey: `asof:1:${driver}`, entries: [{ accountId: clearing.id, amount: -10_000 }, { accountId: wallet.id, amount: 10_000 }] }]);
    await postAt(t.db, "2025-03-20T12:00:00Z", [{ type: "payment", description: "Fee", idempotencyKey: `asof:2:${driver}`, entries: [{ accountId: wallet.id, amount: -3_000 }, { accountId: club.id, amount: 3_000 }] }]);
    await postAt(t.db, "2025-04-05T12:00:00Z", [{ type: "payment", description: "Fee", idempotencyKey: `asof:3:${driver}`, entries: [{ accountId: wallet.id, amount: -2_500 }, { accountId: club.id, amount: 2_500 }] }]);
    // Hand-computed: 15 Mar -> wallet 100.00, club 0; 31 Mar -> wallet 70.00, club 30.00; today -> 45.00 / 55.00.
    const at = async (day: string) => {
      const [members, orgs] = await Promise.all([balancesAsOf(t.db, "members", endOfDay(day, "UTC"), "usd"), balancesAsOf(t.db, "organisations", endOfDay(day, "UTC"), "usd")]);
      return { wallet: members.rows.find((r) => r.ownerId === member.id)?.balance ?? 0, club: orgs.rows.find((r) => r.ownerId === org.id)?.balance ?? 0 };
    };
    expect(await at("2025-03-09")).toEqual({ wallet: 0, club: 0 });
    expect(await at("2025-03-15")).toEqual({ wallet: 10_000, club: 0 });
    expect(await at("2025-03-31")).toEqual({ wallet: 7_000, club: 3_000 });
    expect(await at("2025-04-30")).toEqual({ wallet: 4_500, club: 5_500 });
    expect((await walletBalance(t.db, member.id)).amount).toBe(4_500);
    const report = await balancesAsOf(t.db, "organisations", endOfDay("2025-03-31", "UTC"), "usd");
    expect(report.total).toBe(report.rows.reduce((s, r) => s + r.balance, 0));
    const csv = balancesCsv(report).split("\r\n");
    expect(csv[0]).toBe("Organisation,Slug,As of,Currency,Balance");
    expect(csv).toContain(`AsOf Club,${org.slug},2025-04-01T00:00:00.000Z,USD,30.00`);
  });

  it("resolves the settlement fee in force on a past date for many organisations at once", async () => {
    const { org } = await makeOrganisation(t.db, "Fee History Club");
    await recordFeeSchedule(t.db, org.id, { percentBps: 100, fixed: 0, min: null, max: null, settlementPercentBps: 50, effectiveFrom: new Date("2026-05-01") });
    await endFeeOverride(t.db, org.id, new Date("2026-08-01"));
    for (const d of ["2025-06-01", "2026-02-01", "2026-06-15", "2026-09-01"]) {
      const one = await scheduleInForce(t.db, org.id, new Date(d));
      const many = (await settlementPercentsInForce(t.db, new Date(d))).of(org.id);
      expect(many.bps).toBe(one.settlementPercentBps);
      expect(many.scheduleId).toBe(one.scheduleId);
    }
    expect((await settlementPercentsInForce(t.db, new Date("2026-06-15"))).of(org.id).bps).toBe(50);
    expect((await settlementPercentsInForce(t.db, new Date("2025-06-15"))).of(org.id).bps).toBe(100);
  });

  it("proposes, pays each line once under two concurrent confirms, and records bank payments in the CSV", async () => {
    const day = "2026-10-31";
    const { org: paid } = await makeOrganisation(t.db, "Transfer Club");
    const { org: bank } = await makeOrganisation(t.db, "Bank Club");
    const { org: small } = await makeOrganisation(t.db, "Small Club");
    const account = await connectSeller(t.db, harness, paid.id, "express");
    await setMinimumFloat(t.db, paid.id, 5_000, admin.id);
    await setMinimumFloat(t.db, small.id, 10_000, admin.id);
    await fundOrg(t.db, paid.id, 22_000, "2026-10-15T12:00:00Z");
    await fundOrg(t.db, bank.id, 8_000, "2026-10-20T12:00:00Z");
    await fundOrg(t.db, small.id, 9_000, "2026-10-20T12:00:00Z"); // below its float: not listed
    await fundOrg(t.db, paid.id, 4_000, "2026-11-02T12:00:00Z"); // after the reference date: not settled

    const { settlement, created } = await proposeSettlement(t.db, { referenceDate: day }, admin.id);
    expect(created).toBe(true);
    const line = (slug: string) => settlement.lines.find((l) => l.orgSlug === slug);
    expect(line(small.slug)).toBeUndefined();
    // 220.00 - 50.00 float = 170.00; 1.5% fee = 2.55; paid 167.45 by transfer.
    expect(line(paid.slug)).toMatchObject({ balance: 22_000, float: 5_000, gross: 17_000, fee: 255, amount: 16_745, method: "stripe_transfer", status: "proposed" });
    expect(line(bank.slug)).toMatchObject({ balance: 8_000, float: 0, gross: 8_000, fee: 120, amount: 7_880, method: "bank" });
    // The same date again is the same proposal.
    expect((await proposeSettlement(t.db, { referenceDate: day }, admin.id)).settlement.id).toBe(settlement.id);

    const [a, b] = await Promise.all([confirmSettlement(t.db, settlement.id, {}, admin.id), confirmSettlement(t.db, settlement.id, {}, admin.id)]);
    expect([a.alreadyConfirmed, b.alreadyConfirmed].sort()).toEqual([false, true]);
    expect(a.paidNow + b.paidNow).toBeGreaterThanOrEqual(2);
    const again = await confirmSettlement(t.db, settlement.id, {}, admin.id);
    expect(again).toMatchObject({ paidNow: 0, alreadyConfirmed: true });

    const transfers = await transfersTo(account.id);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({ amount: 16_745, currency: "usd" });
    const done = again.settlement.lines.find((l) => l.orgSlug === paid.slug);
    expect(done).toMatchObject({ status: "paid", stripeTransferId: transfers[0].id });
    // Balance: 220.00 + 40.00 later - 170.00 settled = 90.00 (the float plus November's money).
    expect((await organisationBalance(t.db, paid.id)).amount).toBe(9_000);
    expect((await organisationBalance(t.db, bank.id)).amount).toBe(0);
    const kinds = await t.db.select({ type: ledgerTransactions.type }).from(ledgerTransactions).where(sql`${ledgerTransactions.idempotencyKey} like ${`settlement-line:${done?.id}:%`}`);
    expect(kinds.map((k) => k.type).sort()).toEqual(["fee", "settlement"]);

    const { csv } = await bankCsv(t.db, settlement.id);
    const rows = csv.trimEnd().split("\r\n");
    expect(rows[0]).toBe(BANK_CSV_HEADER.join(","));
    const bankRow = rows.find((r) => r.includes(`,${bank.slug},`)) ?? "";
    expect(bankRow).toContain(`Bank Club,${bank.slug},${day},USD,78.80,1.20,80.00,paid,`);
    expect(bankRow.split(",")).toHaveLength(BANK_CSV_HEADER.length);
    expect(rows.some((r) => r.includes(paid.slug))).toBe(false); // paid by transfer, not by bank

    // A later proposal for the same day's money is not possible; an earlier date finds it already settled.
    const earlier = await proposeSettlement(t.db, { referenceDate: "2026-10-25" }, admin.id);
    expect(earlier.settlement.lines.find((l) => l.orgSlug === paid.slug)).toBeUndefined();
  });

  it("leaves a failed transfer unpaid with its reason, the money back in the balance, and pays it on retry", async () => {
    const day = "2026-09-30";
    const { org } = await makeOrganisation(t.db, "Fault Club");
    const { org: lowered } = await makeOrganisation(t.db, "Lowered Club");
    const { org: dropped } = await makeOrganisation(t.db, "Dropped Club");
    const account = await connectSeller(t.db, harness, org.id, "express");
    await fundOrg(t.db, org.id, 10_000, "2026-09-10T12:00:00Z");
    await fundOrg(t.db, lowered.id, 10_000, "2026-09-10T12:00:00Z");
    await fundOrg(t.db, dropped.id, 10_000, "2026-09-10T12:00:00Z");
    const { settlement } = await proposeSettlement(t.db, { referenceDate: day }, admin.id);
    await harness.control("/_emu/faults", { path: "/v1/transfers", status: 500, times: 3 });
    const result = await confirmSettlement(t.db, settlement.id, { lines: [{ orgSlug: lowered.slug, amount: 5_000 }, { orgSlug: dropped.slug, amount: 0 }] }, admin.id);
    const failed = result.settlement.lines.find((l) => l.orgSlug === org.slug);
    expect(failed?.status).toBe("failed");
    expect(failed?.failureMessage).toMatch(/Stripe did not make the transfer|could not be reached/);
    expect(await transfersTo(account.id)).toHaveLength(0);
    expect((await organisationBalance(t.db, org.id)).amount).toBe(10_000);
    expect(result.settlement.lines.find((l) => l.orgSlug === lowered.slug)).toMatchObject({ amount: 5_000, status: "paid", method: "bank" });
    expect((await organisationBalance(t.db, lowered.id)).amount).toBe(10_000 - 5_000 - (result.settlement.lines.find((l) => l.orgSlug === lowered.slug)?.fee ?? 0));
    expect(result.settlement.lines.find((l) => l.orgSlug === dropped.slug)?.status).toBe("dropped");
    expect((await organisationBalance(t.db, dropped.id)).amount).toBe(10_000);

    const retried = await retrySettlementLine(t.db, settlement.id, failed?.id ?? "", admin.id);
    expect(retried.lines.find((l) => l.orgSlug === org.slug)).toMatchObject({ status: "paid", failureMessage: null });
    const transfers = await transfersTo(account.id);
    expect(transfers).toHaveLength(1);
    expect(transfers[0].amount).toBe(failed?.amount);
    expect((await organisationBalance(t.db, org.id)).amount).toBe(0);
    await expect(retrySettlementLine(t.db, settlement.id, failed?.id ?? "", admin.id)).rejects.toThrow(/already paid/);
  });

  it("posts a manual adjustment once per request id, against the adjustments account", async () => {
    const member = await makeUser(t.db, "adjusted");
    const requestId = crypto.randomUUID();
    const input = { userEmail: member.email, amount: 1_234, description: "Goodwill credit for the cancelled regatta", requestId };
    const first = await postAdjustment(t.db, input, admin.id);
    const second = await postAdjustment(t.db, input, admin.id);
    expect(first.replayed).toBe(false);
    expect(second).toMatchObject({ replayed: true, ledgerTransactionId: first.ledgerTransactionId });
    expect((await walletBalance(t.db, member.id)).amount).toBe(1_234);
    await expect(postAdjustment(t.db, { ...input, amount: 99 }, admin.id)).rejects.toMatchObject({ code: "idempotency_conflict" });
    await expect(postAdjustment(t.db, { userEmail: member.email, amount: -5_000, description: "Too much" }, admin.id)).rejects.toMatchObject({ code: "insufficient_funds" });
    expect(adjustmentRequest.safeParse({ amount: 5, description: "x" }).success).toBe(false);
    const [tx] = await t.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.id, first.ledgerTransactionId));
    expect(tx).toMatchObject({ type: "manual_adjustment", description: "Goodwill credit for the cancelled regatta" });
  });
});
