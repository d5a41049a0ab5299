/**
 * The bank invariant under concurrency (Jepsen's bank test, on Plaza's own domain functions and real Postgres):
 * many clients at once move money between member wallets (transfers), from organisations to members
 * (payments), from members to organisations (IOUs) and into orders (wallet purchases, also two clients paying
 * the same order), while a reader takes REPEATABLE READ snapshots. No money enters or leaves during the race,
 * so every snapshot must show the same total over wallets, organisations and platform fees; the whole ledger
 * must sum to zero; no account that must not go negative ever does; and no client ever sees a deadlock (40P01).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase, postgresReachable, type TestDatabase } from "@/db/testing";
import { memberships } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordFeeSchedule } from "@/lib/fees/schedules";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { getOrCreateAccount } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post";
import { payIou, transferToMember } from "@/lib/payments/wallet-payments";
import { raiseIou } from "@/lib/wallet/ious";
import { payMemberFromOrganisation } from "@/lib/wallet/organisation-payments";
import { startStripeHarness, type StripeHarness } from "@/lib/wallet/testing/harness";
import { chargeOrder } from "./charge";
import { startCheckout } from "./checkout";
import { createListing } from "./listings";
import { connectSeller, makeOrganisation, makeUser } from "./testing/fixtures";

const onPostgres = await postgresReachable();
const CLIENTS = Number(process.env.BANK_CLIENTS ?? 16);
const OPS_PER_CLIENT = Number(process.env.BANK_OPS ?? 25);
const MEMBERS = 8;
const ORDERS = 24;

/** The Postgres error code anywhere in an error's cause chain. */
function pgCode(e: unknown): string | undefined {
  for (let x: unknown = e, i = 0; x && i < 6; i++) {
    if (typeof x === "object" && x !== null && "code" in x && typeof x.code === "string" && /^[0-9A-Z]{5}$/.test(x.code)) return x.code;
    x = typeof x === "object" && x !== null && "cause" in x ? x.cause : undefined;
  }
  return undefined;
}

describe.skipIf(!onPostgres)("the bank invariant under concurrency (Postgres)", () => {
  let t: TestDatabase;
  let harness: StripeHarness;
  beforeAll(async () => {
    harness = await startStripeHarness();
    t = await createTestDatabase("postgres", { poolSize: CLIENTS + 4 });
    harness.useDatabase(t.db);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await harness?.close();
  });

  it("every snapshot sums to the same total, nothing that must not go negative does, and there are no deadlocks", async () => {
    const db = t.db;
    await recordFeeSchedule(db, null, { percentBps: 1000, fixed: 0, min: null, max: null, settlementPercentBps: 100, effectiveFrom: new Date("2020-01-01") });
    const seller = await makeOrganisation(db, "Bank Seller");
    await connectSeller(db, harness, seller.org.id, "express");
    const club = await makeOrganisation(db, "Bank Club");
    const people = [club.owner, ...(await Promise.all(Array.from({ length: MEMBERS - 1 }, () => makeUser(db, "member"))))];
    for (const p of people.slice(1)) await db.insert(memberships).values({ organisationId: club.org.id, userId: p.id, role: "member" });

    // Money enters before the race: each member and the club get a balance from the clearing account.
    const clearing = await getOrCreateAccount(db, { kind: "stripe_clearing", currency: "usd" });
    for (const [i, owner] of [...people.map((p) => ({ ownerUserId: p.id })), { ownerOrganisationId: club.org.id }].entries()) {
      const account = await getOrCreateAccount(db, { kind: "ownerUserId" in owner ? "member_wallet" : "organisation", ...owner, currency: "usd" });
      await postTransaction(db, { type: "manual_top_up", description: "Funding", idempotencyKey: `bank-fund-${i}`, entries: [{ accountId: clearing.id, amount: -20_000 }, { accountId: account.id, amount: 20_000 }] });
    }
    const course = await createListing(db, seller.org, { kind: "course", title: "Bank course", description: "d", content: "c", amount: 1500, currency: "usd", published: true });
    const orders: { id: string; buyer: (typeof people)[number] }[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const buyer = people[i % people.length];
      const start = await startCheckout(db, buyer, { articles: [{ articleId: course.id, quantity: 1 }], internalReferenceId: `bank-${i}` });
      orders.push({ id: start.orderId, buyer });
    }
    await harness.drain();

    const totalQuery = sql`select
        coalesce(sum(balance) filter (where kind in ('member_wallet', 'organisation', 'platform_fees')), 0)::bigint::float8 as held,
        coalesce(sum(balance), 0)::bigint::float8 as everything,
        count(*) filter (where not allow_negative and balance < 0)::int as negative
      from ledger_accounts`;
    const initial = (await db.execute(totalQuery)).rows[0] as { held: number; everything: number };
    expect(initial.held).toBe((MEMBERS + 1) * 20_000);

    const outcomes = new Map<string, number>();
    const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    let deadlocks = 0;
    let unexpected: unknown[] = [];
    let racing = true;
    const snapshots: { held: number; everything: number; negative: number; entriesSum: number }[] = [];
    const reader = (async () => {
      while (racing) {
        const snap = await db.transaction(
          async (tx) => {
            const totals = (await tx.execute(totalQuery)).rows[0] as { held: number; everything: number; negative: number };
            const entries = (await tx.execute(sql`select coalesce(sum(amount), 0)::bigint::float8 as s from ledger_entries`)).rows[0] as { s: number };
            return { ...totals, entriesSum: Number(entries.s) };
          },
          { isolationLevel: "repeatable read", accessMode: "read only" },
        );
        snapshots.push({ held: Number(snap.held), everything: Number(snap.everything), negative: snap.negative, entriesSum: snap.entriesSum });
      }
    })();

    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let i = 0; i < OPS_PER_CLIENT; i++) {
          const kind = pick(["transfer", "transfer", "org_payment", "iou", "order"] as const);
          try {
            if (kind === "transfer") {
              const from = pick(people);
              const to = pick(people.filter((p) => p !== from));
              await transferToMember(db, { from, toEmail: to.email, amount: 100 + Math.floor(random() * 4000), description: `race ${client}-${i}`, mode: "batch" });
            } else if (kind === "org_payment") {
              const to = pick(people.slice(1));
              await payMemberFromOrganisation(db, { organisationId: club.org.id, email: to.email, amount: 100 + Math.floor(random() * 3000), description: `race ${client}-${i}`, actorUserId: club.owner.id, requestId: crypto.randomUUID() });
            } else if (kind === "iou") {
              const payer = pick(people.slice(1));
              const iou = await raiseIou(db, { organisationId: club.org.id, email: payer.email, amount: 100 + Math.floor(random() * 3000), description: `race ${client}-${i}`, createdBy: club.owner.id });
              await payIou(db, payer, iou.id, { mode: "batch" });
            } else {
              const o = pick(orders);
              await chargeOrder(db, o.buyer, o.id, { wallet: true });
            }
            count(`${kind}: ok`);
          } catch (e) {
            if (pgCode(e) === "40P01") deadlocks++;
            if (e instanceof AppError) count(`${kind}: ${e.code}`);
            else unexpected.push(e);
          }
        }
      }),
    );
    racing = false;
    await reader;
    unexpected = unexpected.map((e) => (e instanceof Error ? `${e.message} ${pgCode(e) ?? ""}` : e));

    console.log(`[bank] ${CLIENTS} clients x ${OPS_PER_CLIENT} operations, ${snapshots.length} snapshots, outcomes ${JSON.stringify(Object.fromEntries(outcomes))}, deadlocks ${deadlocks}`);
    expect(unexpected).toEqual([]);
    expect(deadlocks).toBe(0);
    expect(snapshots.length).toBeGreaterThan(3);
    for (const s of snapshots) {
      expect(s.held).toBe(initial.held);
      expect(s.everything).toBe(0);
      expect(s.entriesSum).toBe(0);
      expect(s.negative).toBe(0);
    }
    // The race did move money, and refused what it had to.
    expect(outcomes.get("transfer: ok") ?? 0).toBeGreaterThan(0);
    expect(outcomes.get("order: ok") ?? 0).toBeGreaterThan(0);
    expect(outcomes.get("order: ok") ?? 0).toBeLessThanOrEqual(ORDERS);
    const paidOrders = (await db.execute(sql`select count(*)::int as n from orders where status = 'paid'`)).rows[0] as { n: number };
    expect(paidOrders.n).toBe(outcomes.get("order: ok"));
    await checkLedgerInvariants(db);
  }, 240_000);
});
