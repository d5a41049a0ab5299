/**
 * Model-based test of the marketplace (fast-check): random sequences of listing creation, checkouts (with
 * supersession by internalReferenceId), payments by Checkout, by the charge API (card) and from the wallet,
 * session expiry, refunds (in Plaza, card and wallet, and in the Stripe dashboard), disputes (open, won, lost),
 * minimum floats and monthly settlements (lib/settlement), run against Plaza's domain functions and the Stripe
 * emulator (webhooks delivered synchronously and processed), and against an in-memory model of stock, order
 * states and balances (both wallets, the seller's organisation and connected-sales accounts, platform fees).
 * After every command the database must equal the model; a divergence is shrunk by fast-check to a minimal
 * sequence, printed with the seed and path that replay it.
 *
 * Cost: one database and one connected seller for the whole file; every sequence brings its own two buyers
 * and its own listings, so sequences need no reset between them and the model starts from the seller's and
 * the platform's balances as they are. `npm test` runs FC_RUNS (default 100) sequences; `npm run model` runs
 * 2000. FC_SEED and FC_PATH replay a run; MODEL_COMMANDS sets the longest sequence; MODEL_DRIVER picks
 * postgres or pglite. The figures are printed as one JSON line starting `[model]`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { ledgerAccounts, listings, orders, settlementLines, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordFeeSchedule } from "@/lib/fees/schedules";
import { getOrCreateAccount } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { postTransaction } from "@/lib/ledger/post";
import { endOfDay } from "@/lib/settlement/days";
import { setMinimumFloat } from "@/lib/settlement/floats";
import { confirmSettlement, proposeSettlement } from "@/lib/settlement/settlements";
import { stripe } from "@/lib/stripe/client";
import { startStripeHarness, type StripeHarness } from "@/lib/wallet/testing/harness";
import { chargeOrder } from "./charge";
import { startCheckout } from "./checkout";
import { createListing } from "./listings";
import { refundOrder } from "./refunds";
import { connectSeller, makeOrganisation } from "./testing/fixtures";

const RUNS = Number(process.env.FC_RUNS ?? 100);
const MAX_COMMANDS = Number(process.env.MODEL_COMMANDS ?? 12);
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const PATH = process.env.FC_PATH || undefined;
const drivers = (await testDrivers()).filter((d) => (process.env.MODEL_DRIVER ? d === process.env.MODEL_DRIVER : d === "postgres")).slice(0, 1);
if (!drivers.length) drivers.push("pglite");

/** The fee schedule of the run: 10% of a sale, 1% of a settlement (half-up). */
const SALE_FEE_BPS = 1000;
const SETTLEMENT_FEE_BPS = 100;
const percent = (amount: number, bps: number) => Math.floor((amount * bps + 5_000) / 10_000);

type Status = "awaiting_payment" | "paid" | "partially_refunded" | "refunded" | "cancelled" | "expired";
interface MListing {
  id: string;
  capacity: number | null;
  amount: number;
}
interface MOrder {
  id: string;
  sessionId: string;
  buyer: number;
  listing: number;
  quantity: number;
  ref: string;
  status: Status;
  amount: number;
  fee: number;
  paidWith: "card" | "wallet" | null;
  /** The order's Checkout Session can still be paid (not expired at Stripe by supersession, expiry or the charge API). */
  sessionOpen: boolean;
  refunded: number;
  feeRefunded: number;
  disputed: boolean;
}
interface Model {
  listings: MListing[];
  orders: MOrder[];
  wallets: number[];
  /** The seller's organisation account (wallet sales, settled by settlements). */
  seller: number;
  /** The seller's connected_sales memo account (card sales, paid by Stripe straight to the seller). */
  sales: number;
  /** The platform's fee account (sale fees, settlement fees, less fee refunds). */
  fees: number;
  float: number;
}
interface Real {
  t: TestDatabase;
  harness: StripeHarness;
  seller: { id: string; name: string; slug: string };
  owner: { id: string };
  buyers: { id: string; email: string }[];
}

const holding = (o: MOrder) => o.status === "awaiting_payment" || o.status === "paid" || o.status === "partially_refunded";
const held = (m: Model, listing: number) => m.orders.filter((o) => o.listing === listing && holding(o)).reduce((s, o) => s + o.quantity, 0);
const refundable = (o: MOrder) => o.status === "paid" || o.status === "partially_refunded";

/** The proportional fee rule (lib/marketplace/refunds.ts, Stripe's refund_application_fee), written again. */
function feeBack(o: MOrder, r: number): number {
  const left = o.fee - o.feeRefunded;
  if (o.refunded + r >= o.amount) return left;
  return Math.min(Math.round((o.fee * r) / o.amount), left);
}

/** A refund of r that counts: the order's status, stock, and the balances it moves. */
function applyRefund(m: Model, o: MOrder, r: number, f: number) {
  o.refunded += r;
  o.feeRefunded += f;
  o.status = o.refunded >= o.amount ? "refunded" : "partially_refunded";
  m.fees -= f;
  if (o.paidWith === "wallet") {
    m.wallets[o.buyer] += r;
    m.seller -= r - f;
  } else m.sales -= r - f;
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

/** The balances the model follows, in one query: both wallets, the seller's two accounts, platform fees (all shards). */
async function balances(r: Pick<Real, "t" | "seller" | "buyers">) {
  const rows = await r.t.db
    .select({ kind: ledgerAccounts.kind, user: ledgerAccounts.ownerUserId, balance: sql<string>`sum(${ledgerAccounts.balance})` })
    .from(ledgerAccounts)
    .where(
      or(
        inArray(ledgerAccounts.ownerUserId, r.buyers.map((b) => b.id)),
        eq(ledgerAccounts.ownerOrganisationId, r.seller.id),
        and(eq(ledgerAccounts.kind, "platform_fees"), isNull(ledgerAccounts.ownerUserId), isNull(ledgerAccounts.ownerOrganisationId)),
      ),
    )
    .groupBy(ledgerAccounts.kind, ledgerAccounts.ownerUserId);
  const of = (kind: string, user: string | null = null) => Number(rows.find((x) => x.kind === kind && x.user === user)?.balance ?? 0);
  return { wallets: r.buyers.map((b) => of("member_wallet", b.id)), seller: of("organisation"), sales: of("connected_sales"), fees: of("platform_fees") };
}

async function checkAgainstModel(m: Model, r: Real) {
  const db = r.t.db;
  if (m.listings.length) {
    const rows = await db.select({ id: listings.id, reserved: listings.reserved }).from(listings).where(inArray(listings.id, m.listings.map((l) => l.id)));
    for (const [i, l] of m.listings.entries()) expect(rows.find((x) => x.id === l.id)?.reserved, `stock held on listing ${i}`).toBe(held(m, i));
  }
  if (m.orders.length) {
    const rows = await db.select({ id: orders.id, status: orders.status }).from(orders).where(inArray(orders.id, m.orders.map((o) => o.id)));
    for (const [i, o] of m.orders.entries()) expect(rows.find((x) => x.id === o.id)?.status, `status of order ${i}`).toBe(o.status);
  }
  const b = await balances(r);
  expect(b, "balances: wallets, the seller's organisation and connected sales, platform fees").toEqual({ wallets: m.wallets, seller: m.seller, sales: m.sales, fees: m.fees });
}

/** An assertion's message with what was expected and what Plaza had (the message alone elides objects). */
function failure(e: Error & { actual?: unknown; expected?: unknown }): string {
  const first = e.message.split("\n")[0];
  return "actual" in e ? `${first.split(":")[0]}: expected ${JSON.stringify(e.expected)}, Plaza had ${JSON.stringify(e.actual)}` : first;
}

type Cmd = fc.AsyncCommand<Model, Real>;
/** Commands run, by kind (shrinking included), for the figures. */
const ran: Record<string, number> = {};
/** Milliseconds spent, by command kind, in checking against the model, and in each sequence's setup. */
const spent: Record<string, number> = {};
const cmd = (name: string, check: (m: Readonly<Model>) => boolean, run: (m: Model, r: Real) => Promise<void>): Cmd => ({
  check,
  async run(m, r) {
    const kind = name.slice(0, name.indexOf("("));
    ran[kind] = (ran[kind] ?? 0) + 1;
    const t0 = performance.now();
    await run(m, r);
    await r.harness.drain();
    const t1 = performance.now();
    await checkAgainstModel(m, r);
    spent[kind] = (spent[kind] ?? 0) + (t1 - t0);
    spent.check = (spent.check ?? 0) + (performance.now() - t1);
  },
  toString: () => name,
});

/** Settlements need a reference date that has ended and one live settlement per date: each takes the next day from tomorrow on, settled "the day after" it (so every entry so far is before its end). */
let settlementDay = 0;
let currentFloat = 0;

/** Fresh buyers for each sequence, inserted 200 at a time (one statement) rather than one by one. */
const buyerPool: { id: string; email: string }[] = [];
let pooled = 0;
async function freshBuyer(db: TestDatabase["db"]) {
  if (!buyerPool.length) {
    const rows = Array.from({ length: 200 }, () => ({ email: `model-${++pooled}-${Math.random().toString(36).slice(2, 8)}@plaza.test`, name: `model ${pooled}` }));
    buyerPool.push(...(await db.insert(users).values(rows).returning({ id: users.id, email: users.email })));
  }
  return buyerPool.pop()!;
}

/** A course (capacity null) or an event ticket with that many places. */
async function addListing(m: Model, r: Real, capacity: number | null, amount: number) {
  const l = await createListing(r.t.db, r.seller, capacity === null
    ? { kind: "course", title: `Model course ${amount}`, description: "d", content: "c", amount, currency: "usd", published: true }
    : { kind: "event_ticket", title: `Model event ${amount}`, description: "d", amount, currency: "usd", capacity, startsAt: new Date("2031-01-01T18:00:00Z"), venue: "Hall", published: true });
  m.listings.push({ id: l.id, capacity, amount });
}

function commands() {
  const createListingCmd = fc.record({ capacity: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }), amount: fc.integer({ min: 5, max: 40 }).map((x) => x * 100) }).map(({ capacity, amount }) =>
    cmd(`createListing(capacity ${capacity} amount ${amount})`, () => true, (m, r) => addListing(m, r, capacity, amount)),
  );
  const checkoutCmd = fc.record({ buyer: fc.nat(1), listing: fc.nat(9), quantity: fc.integer({ min: 1, max: 2 }), ref: fc.constantFrom("a", "b") }).map((a) =>
    cmd(`checkout(buyer ${a.buyer} listing ${a.listing} x${a.quantity} ref ${a.ref})`, (m) => m.listings.length > 0, async (m, r) => {
      const li = a.listing % m.listings.length;
      const l = m.listings[li];
      // Supersession: the buyer's open orders of the same reference close in the same transaction.
      const superseded = m.orders.filter((o) => o.buyer === a.buyer && o.ref === a.ref && o.status === "awaiting_payment");
      const releasedHere = superseded.filter((o) => o.listing === li).reduce((s, o) => s + o.quantity, 0);
      const fits = l.capacity === null || held(m, li) - releasedHere + a.quantity <= l.capacity;
      let result: { orderId: string; sessionId: string | null } | undefined;
      const outcome = await code(startCheckout(r.t.db, r.buyers[a.buyer], { articles: [{ articleId: l.id, quantity: a.quantity }], internalReferenceId: a.ref }).then((x) => (result = x)));
      expect(outcome).toBe(fits ? "ok" : "sold_out");
      if (!fits || !result) return;
      for (const o of superseded) {
        o.status = "cancelled";
        o.sessionOpen = false;
      }
      const amount = l.amount * a.quantity;
      const [row] = await r.t.db.select({ fee: orders.platformFee, amount: orders.amount }).from(orders).where(eq(orders.id, result.orderId));
      expect(row, "the order's price and fee").toEqual({ amount, fee: percent(amount, SALE_FEE_BPS) });
      m.orders.push({ id: result.orderId, sessionId: result.sessionId!, buyer: a.buyer, listing: li, quantity: a.quantity, ref: a.ref, status: "awaiting_payment", amount, fee: row.fee, paidWith: null, sessionOpen: true, refunded: 0, feeRefunded: 0, disputed: false });
    }),
  );
  const orderIndex = fc.nat(19);
  const pick = (m: Readonly<Model>, i: number) => m.orders[i % m.orders.length];
  const hasOrders = (m: Readonly<Model>) => m.orders.length > 0;
  const cardSale = (m: Model, o: MOrder) => {
    o.status = "paid";
    o.paidWith = "card";
    m.sales += o.amount - o.fee;
    m.fees += o.fee;
  };
  const payCheckoutCmd = orderIndex.map((i) =>
    cmd(`payCheckout(order ${i})`, hasOrders, async (m, r) => {
      const o = pick(m, i);
      const ok = await r.harness.control(`/_emu/checkout/sessions/${o.sessionId}/complete`, {}).then(() => true, () => false);
      // Only an open session can be paid: a superseded or charged order's session was expired at Stripe.
      expect(ok, "the session could be completed").toBe(o.status === "awaiting_payment" && o.sessionOpen);
      if (ok) {
        o.sessionOpen = false;
        cardSale(m, o);
      }
    }),
  );
  const chargeCardCmd = fc.record({ i: orderIndex, declined: fc.nat(4).map((x) => x === 0) }).map(({ i, declined }) =>
    cmd(`chargeCard(order ${i}${declined ? " declined" : ""})`, hasOrders, async (m, r) => {
      const o = pick(m, i);
      const outcome = await code(chargeOrder(r.t.db, r.buyers[o.buyer], o.id, { stripe: declined ? "pm_card_chargeDeclined" : "pm_card_visa" }));
      const expected = o.status === "awaiting_payment" ? (declined ? "card_declined" : "ok") : o.status === "cancelled" || o.status === "expired" ? "order_not_chargeable" : "order_already_paid";
      expect(outcome).toBe(expected);
      // The charge API takes over from Checkout first: the session is expired at Stripe, paid or not.
      if (o.status === "awaiting_payment") o.sessionOpen = false;
      if (outcome === "ok") cardSale(m, o);
    }),
  );
  const payWalletCmd = orderIndex.map((i) =>
    cmd(`payWallet(order ${i})`, hasOrders, async (m, r) => {
      const o = pick(m, i);
      const outcome = await code(chargeOrder(r.t.db, r.buyers[o.buyer], o.id, { wallet: true }));
      const expected = o.status === "cancelled" || o.status === "expired" ? "order_not_chargeable" : o.status !== "awaiting_payment" ? "order_already_paid" : m.wallets[o.buyer] < o.amount ? "insufficient_funds" : "ok";
      expect(outcome).toBe(expected);
      if (outcome === "ok") {
        o.status = "paid";
        o.paidWith = "wallet";
        o.sessionOpen = false;
        m.wallets[o.buyer] -= o.amount;
        m.seller += o.amount - o.fee;
        m.fees += o.fee;
      }
    }),
  );
  const expireCmd = orderIndex.map((i) =>
    cmd(`expireSession(order ${i})`, hasOrders, async (m) => {
      const o = pick(m, i);
      const ok = await stripe().checkout.sessions.expire(o.sessionId).then(() => true, () => false);
      expect(ok).toBe(o.status === "awaiting_payment" && o.sessionOpen);
      if (ok) {
        o.status = "expired";
        o.sessionOpen = false;
      }
    }),
  );
  const latestCharge = async (r: Real, o: MOrder) => {
    const [row] = await r.t.db.select({ pi: orders.paymentIntentId }).from(orders).where(eq(orders.id, o.id));
    return (await stripe().paymentIntents.retrieve(row.pi!)).latest_charge as string;
  };
  // Stripe refuses refunds of a disputed charge (the emulator does not): neither kind of refund is tried on one.
  const dashboardRefundCmd = fc.record({ i: orderIndex, full: fc.boolean() }).map(({ i, full }) =>
    cmd(`refundInDashboard(order ${i} ${full ? "full" : "partial"})`, (m) => m.orders.some((o) => o.paidWith === "card"), async (m, r) => {
      const paid = m.orders.filter((o) => o.paidWith === "card" && o.refunded < o.amount && !o.disputed);
      if (!paid.length) return;
      const o = paid[i % paid.length];
      const amount = full ? o.amount - o.refunded : Math.max(1, Math.floor((o.amount - o.refunded) / 2));
      await r.harness.control(`/_emu/charges/${await latestCharge(r, o)}/refund`, { amount });
      // Recorded from the webhook; the fee share as for Plaza's own refunds (a destination charge).
      applyRefund(m, o, amount, Math.min(feeBack(o, amount), amount));
    }),
  );
  const plazaRefundCmd = fc.record({ i: orderIndex, how: fc.constantFrom("full", "half", "one", "over") }).map(({ i, how }) =>
    cmd(`refundInPlaza(order ${i} ${how})`, hasOrders, async (m, r) => {
      const o = pick(m, i);
      if (o.disputed) return;
      const left = o.amount - o.refunded;
      const amount = how === "full" ? undefined : how === "half" ? Math.max(1, Math.floor(left / 2)) : how === "one" ? 1 : left + 1;
      const refunder = { id: r.owner.id, platformAdmin: false, organisations: [{ id: r.seller.id, role: "owner" }] };
      const outcome = await code(refundOrder(r.t.db, refunder, o.id, amount === undefined ? {} : { amount }));
      const value = amount ?? left;
      const f = feeBack(o, Math.min(value, left));
      const expected = !refundable(o) ? "refund_not_allowed" : value > left ? "amount_too_large" : o.paidWith === "wallet" && m.seller < value - f ? "refund_not_allowed" : "ok";
      expect(outcome, `refund of ${value} (left ${left}, seller holds ${m.seller})`).toBe(expected);
      if (outcome === "ok") applyRefund(m, o, value, f);
    }),
  );
  const disputeCmd = fc.record({ i: orderIndex, outcome: fc.constantFrom("won", "lost", "open") }).map(({ i, outcome }) =>
    cmd(`dispute(order ${i} ${outcome})`, (m) => m.orders.some((o) => o.paidWith === "card"), async (m, r) => {
      const paid = m.orders.filter((o) => o.paidWith === "card" && o.refunded < o.amount && !o.disputed);
      if (!paid.length) return;
      const o = paid[i % paid.length];
      const dp = (await r.harness.control(`/_emu/charges/${await latestCharge(r, o)}/dispute`, { reason: "fraudulent" })) as { id: string };
      if (outcome !== "open") await r.harness.control(`/_emu/disputes/${dp.id}/resolve`, { outcome });
      o.disputed = true;
      // The disputed amount (what is left of the charge) is taken from the seller, and given back when won.
      if (outcome !== "won") m.sales -= o.amount - o.refunded;
    }),
  );
  const floatCmd = fc.integer({ min: 0, max: 60 }).map((x) =>
    cmd(`setMinimumFloat(${x * 100})`, () => true, async (m, r) => {
      await setMinimumFloat(r.t.db, r.seller.id, x * 100, null);
      currentFloat = m.float = x * 100;
    }),
  );
  const settleCmd = fc.record({ how: fc.constantFrom<"all" | "lowered" | "dropped">("all", "all", "lowered", "dropped"), pct: fc.integer({ min: 1, max: 99 }) }).map(({ how, pct }) =>
    cmd(`settle(${how === "lowered" ? `lowered to ${pct}%` : how})`, () => true, async (m, r) => {
      const day = new Date(Date.now() + (1 + settlementDay++) * 86_400_000).toISOString().slice(0, 10);
      const now = new Date(endOfDay(day).getTime() + 3_600_000);
      const { settlement } = await proposeSettlement(r.t.db, { referenceDate: day }, null, now);
      const line = settlement.lines.find((l) => l.orgSlug === r.seller.slug);
      const gross = m.seller - m.float;
      expect(line ? { balance: line.balance, float: line.float, gross: line.gross, fee: line.fee } : null, "the seller's proposed line").toEqual(
        gross > 0 ? { balance: m.seller, float: m.float, gross, fee: percent(gross, SETTLEMENT_FEE_BPS) } : null,
      );
      let target = gross - percent(gross, SETTLEMENT_FEE_BPS);
      const lines = line && how !== "all" ? [{ orgSlug: r.seller.slug, amount: (target = how === "dropped" ? 0 : Math.floor((target * pct) / 100)) }] : [];
      await confirmSettlement(r.t.db, settlement.id, { lines }, null);
      if (!line || target === 0) return;
      // Paid as proposed: the whole gross. Lowered to A: the smallest gross g (up to the proposed one) with
      // g - fee(g) >= A; the rest of g is the fee.
      let g = how === "all" ? gross : target;
      while (g < gross && g - percent(g, SETTLEMENT_FEE_BPS) < target) g++;
      const [paid] = await r.t.db.select({ status: settlementLines.status, gross: settlementLines.gross, amount: settlementLines.amount }).from(settlementLines).where(eq(settlementLines.id, line.id));
      expect(paid, "the seller's line after confirming").toEqual({ status: "paid", gross: g, amount: target });
      m.seller -= g;
      m.fees += g - target;
    }),
  );
  // Weights by repetition: the commands that need orders come often enough to reach refunds and disputes.
  return [createListingCmd, checkoutCmd, checkoutCmd, checkoutCmd, payCheckoutCmd, payCheckoutCmd, chargeCardCmd, payWalletCmd, payWalletCmd, expireCmd, dashboardRefundCmd, plazaRefundCmd, plazaRefundCmd, disputeCmd, floatCmd, settleCmd];
}

describe.each(drivers)("the marketplace against its model on %s", (driver) => {
  let t: TestDatabase;
  let harness: StripeHarness;
  let seller: Real["seller"];
  let owner: Real["owner"];
  beforeAll(async () => {
    harness = await startStripeHarness();
    t = await createTestDatabase(driver);
    harness.useDatabase(t.db);
    await recordFeeSchedule(t.db, null, { percentBps: SALE_FEE_BPS, fixed: 0, min: null, max: null, settlementPercentBps: SETTLEMENT_FEE_BPS, effectiveFrom: new Date("2020-01-01") });
    const made = await makeOrganisation(t.db, "Model Seller");
    await connectSeller(t.db, harness, made.org.id, "express");
    seller = made.org;
    owner = made.owner;
    // The platform's Stripe balance pays settlement transfers (available at once).
    for (let i = 0; i < 3; i++) {
      await stripe().paymentIntents.create({ amount: 99_999_999, currency: "usd", payment_method: "pm_card_bypassPending", confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: "never" } });
    }
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await harness?.close();
  });

  it(`${RUNS} random sequences keep stock, order states and balances equal to the model`, async () => {
    let sequences = 0;
    const started = performance.now();
    const clearing = await getOrCreateAccount(t.db, { kind: "stripe_clearing", currency: "usd" });
    const property = fc.asyncProperty(fc.commands(commands(), { maxCommands: MAX_COMMANDS, size: "max" }), fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 })), async (cmds, [w0, w1]) => {
      sequences++;
      const t0 = performance.now();
      const buyers = [await freshBuyer(t.db), await freshBuyer(t.db)];
      const wallets = [w0 * 100, w1 * 100];
      // Both wallets funded in one posting.
      const funding = [];
      for (const [i, b] of buyers.entries()) {
        if (wallets[i]) funding.push({ accountId: (await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: b.id, currency: "usd" })).id, amount: wallets[i] });
      }
      if (funding.length) {
        await postTransaction(t.db, { type: "manual_top_up", description: "Model funding", idempotencyKey: `model-fund-${buyers[0].id}`, entries: [{ accountId: clearing.id, amount: -(wallets[0] + wallets[1]) }, ...funding] });
      }
      // The seller and the platform are shared by every sequence: the model starts from their balances now.
      const real: Real = { t, harness, seller, owner, buyers };
      const now = await balances(real);
      const model: Model = { listings: [], orders: [], wallets, seller: now.seller, sales: now.sales, fees: now.fees, float: currentFloat };
      // Every sequence starts with a course and an event of two places, so checkouts apply from the first command.
      await addListing(model, real, null, 1500);
      await addListing(model, real, 2, 2000);
      spent.setup = (spent.setup ?? 0) + (performance.now() - t0);
      await fc.asyncModelRun(() => ({ model, real }), cmds);
    });
    const details = await fc.check(property, { numRuns: RUNS, seed: SEED, path: PATH, endOnFailure: false });
    const seconds = (performance.now() - started) / 1000;
    // Command names hold no commas: fast-check lists the commands that ran, comma-separated, then its replay path.
    const shortest = details.counterexample ? String(details.counterexample[0]).replace(/\s*\/\*replayPath=.*$/, "").split(",").filter(Boolean) : null;
    const counterexample = details.counterexample && shortest ? `wallets ${details.counterexample[1][0] * 100}/${details.counterexample[1][1] * 100}: ${shortest.join("; ")}` : null;
    const figures = {
      model: "marketplace",
      driver,
      runs: details.numRuns,
      sequences,
      shrinks: details.numShrinks,
      commands: Object.values(ran).reduce((a, b) => a + b, 0),
      byCommand: ran,
      msByCommand: Object.fromEntries(Object.entries(spent).map(([k, v]) => [k, Math.round(v)])),
      seconds: Number(seconds.toFixed(1)),
      sequencesPerSecond: Number((sequences / seconds).toFixed(1)),
      seed: details.seed,
      failed: details.failed,
      counterexample: counterexample ?? "none",
      counterexampleLength: shortest?.length ?? 0,
      path: details.counterexamplePath,
      error: details.errorInstance instanceof Error ? failure(details.errorInstance) : null,
    };
    console.log(`[model] ${JSON.stringify(figures)}`);
    if (details.failed) throw new Error(`The marketplace diverged from its model. Shortest sequence: ${counterexample} (replay: FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath})\n${figures.error}`);
    await checkLedgerInvariants(t.db);
  }, 120_000 + RUNS * 3_000);
});
