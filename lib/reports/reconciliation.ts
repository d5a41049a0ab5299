import "server-only";
import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { z } from "zod";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import { AppError, validationError } from "@/lib/errors";
import { assertNoTransaction } from "@/lib/payments/no-transaction";
import { int, optStr, queryRows, str, date } from "@/lib/ledger/sql-values";
import { lastDayOfPreviousMonth, nextDay, startOfDay, today } from "@/lib/settlement/days";
import { DEMO_FUNDS_DESCRIPTION } from "@/lib/settlement/demo-funds";
import { stripe } from "@/lib/stripe/client";
import { calendarDate } from "@/lib/validation/dates";
import { csvAmount, csvDocument } from "./csv";

/**
 * Reconciliation of a period: Plaza's Stripe-side ledger accounts (`stripe_clearing`, `stripe_fees`, and the
 * card-sale legs on `connected_sales` / `platform_fees`) against the platform's Stripe balance transactions.
 *
 * Both sides are turned into items keyed by the Stripe object they are about, in Stripe's sign (+ money into
 * the platform's Stripe balance, − money out), grouped by (category, key) and compared:
 *
 * | category | Stripe balance transactions | Plaza |
 * |---|---|---|
 * | charges | `charge`, `payment` (key: the PaymentIntent) | top-ups and card sales on `stripe_clearing` |
 * | refunds | `refund`, `payment_refund`, `refund_failure` (key: re_) | card refunds and top-up refunds on `stripe_clearing` |
 * | transfers | `transfer` without a source charge, their reversals (key: tr_) | settlements paid by Stripe transfer |
 * | seller_transfers | destination charges' transfers and their reversals (key: the charge's PaymentIntent) | derived from the card sale, refund or dispute: −(connected_sales + platform_fees) |
 * | application_fees | `application_fee`, `application_fee_refund` (key: the charge's PaymentIntent) | `platform_fees` legs of card sales and card refunds |
 * | disputes | `adjustment` on a dispute (key: dp_) | `dispute`, `dispute_reversal` |
 * | stripe_fees | the `fee` of every balance transaction | `stripe_fees` (dispute fees only) |
 * | payouts | `payout`, `payout_failure`, `payout_cancel` (key: po_) | payout events in the webhook inbox (the ledger does not book payouts) |
 *
 * Some differences are expected and classified as "explained", never as unexplained: Stripe's processing
 * fees on charges (Plaza's ledger does not book them), direct charges (they live on the seller's own Stripe
 * account, not on the platform balance), and postings of Plaza that cancel out (a settlement transfer Stripe
 * refused, booked and reversed). Stripe is read first, outside any database transaction; the ledger after.
 */

export const RECONCILIATION_CATEGORIES = ["charges", "refunds", "transfers", "seller_transfers", "application_fees", "disputes", "stripe_fees", "payouts", "other"] as const;
export type ReconciliationCategory = (typeof RECONCILIATION_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<ReconciliationCategory, string> = {
  charges: "Charges",
  refunds: "Refunds",
  transfers: "Transfers (settlements)",
  seller_transfers: "Seller transfers (destination charges)",
  application_fees: "Application fees",
  disputes: "Disputes",
  stripe_fees: "Stripe fees",
  payouts: "Payouts",
  other: "Other",
};

export type ReconciliationStatus = "matched" | "explained" | "difference";

export interface ReconciliationItem {
  category: ReconciliationCategory;
  /** The Stripe id both sides are matched on (a PaymentIntent, refund, transfer, dispute or payout id). */
  key: string;
  status: ReconciliationStatus;
  /** Plaza's amount in Stripe's sign; 0 when Plaza has nothing. */
  plaza: number;
  stripe: number;
  difference: number;
  /** Ids of the Stripe objects and balance transactions behind the Stripe side. */
  stripeIds: string[];
  /** Plaza ledger references (PLZ-…) or inbox event ids behind the Plaza side. */
  plazaReferences: string[];
  date: Date;
  note: string;
}

export interface ReconciliationTotal {
  category: ReconciliationCategory;
  plaza: number;
  stripe: number;
  difference: number;
  /** The part of the difference that is explained (processing fees, direct charges, ...). */
  explained: number;
  unexplained: number;
}

export interface Reconciliation {
  from: string;
  to: string;
  currency: string;
  totals: ReconciliationTotal[];
  /** Every group, differences first. */
  items: ReconciliationItem[];
  counts: { matched: number; explained: number; differences: number; stripeTransactions: number; plazaTransactions: number };
  /** True when Stripe had more balance transactions than one reconciliation reads (MAX_STRIPE_TRANSACTIONS). */
  truncated: boolean;
}

/** A side's contribution before grouping. */
export interface ReconciliationEntry {
  side: "plaza" | "stripe";
  category: ReconciliationCategory;
  key: string;
  amount: number;
  id: string;
  date: Date;
  /** Why an unmatched entry is expected (classification), if it is. */
  expected?: string;
}

const MAX_STRIPE_TRANSACTIONS = 50_000;

// ----------------------------------------------------------------------------------------------------------
// Period

export const reconciliationQuery = z.object({
  from: calendarDate("from must be a real date like 2026-11-01").transform((d) => d.toISOString().slice(0, 10)).optional(),
  to: calendarDate("to must be a real date like 2026-11-30").transform((d) => d.toISOString().slice(0, 10)).optional(),
});

export interface ReconciliationPeriod {
  /** First day, inclusive (PLAZA_TIME_ZONE). */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

/** `?from=&to=` (inclusive days in PLAZA_TIME_ZONE); by default the previous calendar month. At most a year. */
export function parseReconciliationQuery(params: URLSearchParams, now = new Date()): ReconciliationPeriod {
  const parsed = reconciliationQuery.safeParse({ from: params.get("from") || undefined, to: params.get("to") || undefined });
  if (!parsed.success) throw validationError(parsed.error.issues);
  // Neither day: last month. Only a start: up to today. Only an end: from the first of its month.
  const to = parsed.data.to ?? (parsed.data.from ? today(now) : lastDayOfPreviousMonth(now));
  const from = parsed.data.from ?? `${to.slice(0, 7)}-01`;
  if (from > to) throw new AppError("validation_failed", "to: the end date must not be before the start date.", { param: "to" });
  if (startOfDay(nextDay(to)).getTime() - startOfDay(from).getTime() > 367 * 86_400_000) {
    throw new AppError("validation_failed", "to: reconcile at most a year at a time.", { param: "to" });
  }
  return { from, to };
}

// ----------------------------------------------------------------------------------------------------------
// Stripe side

type Expandable<T> = string | T | null | undefined;

function idOf(value: Expandable<{ id: string }>): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

/** The balance transaction's source, expanded by the list call (`data.source`). */
type Source = Stripe.BalanceTransaction["source"];

function sourceObject<T>(source: Source, object: string): T | null {
  return source && typeof source !== "string" && source.object === object ? (source as unknown as T) : null;
}

/**
 * The Stripe objects behind the sources, by id, so each balance transaction finds the PaymentIntent it is
 * about: charges (to their PaymentIntent), transfers (to their source charge) and application fees (to their
 * charge). Filled from the list's expanded sources first, then by retrieving what is still missing.
 */
export interface StripeLookup {
  chargePi: Map<string, string>;
  transfers: Map<string, Stripe.Transfer>;
  fees: Map<string, Stripe.ApplicationFee>;
}

function chargeKey(lookup: StripeLookup, charge: Expandable<{ id: string }>): string | null {
  const id = idOf(charge);
  return id ? (lookup.chargePi.get(id) ?? id) : null;
}

/** Classifies one platform balance transaction into its entries (amount, and its Stripe fee). */
export function stripeEntries(txn: Stripe.BalanceTransaction, lookup: StripeLookup): ReconciliationEntry[] {
  const date = new Date(txn.created * 1000);
  const sourceId = idOf(txn.source as Expandable<{ id: string }>) ?? txn.id;
  const ids = `${sourceId} (${txn.id})`;
  const out: ReconciliationEntry[] = [];
  const add = (category: ReconciliationCategory, key: string, amount: number, expected?: string) => out.push({ side: "stripe", category, key, amount, id: ids, date, expected });
  switch (txn.type) {
    case "charge":
    case "payment": {
      const charge = sourceObject<Stripe.Charge>(txn.source, "charge");
      const key = chargeKey(lookup, sourceId) ?? sourceId;
      const demo = (charge?.description ?? txn.description) === DEMO_FUNDS_DESCRIPTION;
      add("charges", key, txn.amount, demo ? "Emulator demo mode: the platform's Stripe balance topped up at start to what the ledger expects; no Plaza posting by design." : undefined);
      if (txn.fee) add("stripe_fees", key, -txn.fee, "Stripe's processing fee on a charge: Plaza's ledger does not book processing fees.");
      return out;
    }
    case "refund":
    case "payment_refund":
    case "refund_failure":
      add("refunds", sourceId, txn.amount);
      break;
    case "transfer":
    case "transfer_cancel":
    case "transfer_failure":
    case "transfer_refund": {
      const transferId = txn.type === "transfer_refund" ? idOf(sourceObject<Stripe.TransferReversal>(txn.source, "transfer_reversal")?.transfer) : sourceId;
      const tr = transferId ? lookup.transfers.get(transferId) : undefined;
      const charge = tr ? chargeKey(lookup, tr.source_transaction) : null;
      if (charge) add("seller_transfers", charge, txn.amount);
      else add("transfers", transferId ?? sourceId, txn.amount);
      break;
    }
    case "application_fee":
    case "application_fee_refund": {
      const feeId = txn.type === "application_fee" ? sourceId : idOf(sourceObject<Stripe.FeeRefund>(txn.source, "fee_refund")?.fee);
      const fee = feeId ? lookup.fees.get(feeId) : undefined;
      add("application_fees", (fee ? chargeKey(lookup, fee.originating_transaction ?? fee.charge) : null) ?? sourceId, txn.amount);
      break;
    }
    case "adjustment":
      if (sourceId.startsWith("dp_") || sourceId.startsWith("du_")) add("disputes", sourceId, txn.amount);
      else add("other", sourceId, txn.amount);
      break;
    case "payout":
    case "payout_failure":
    case "payout_cancel":
      add("payouts", sourceId, txn.amount);
      break;
    default:
      add("other", sourceId, txn.amount);
  }
  if (txn.fee) {
    const cat = out[0]?.category;
    add("stripe_fees", out[0]?.key ?? sourceId, -txn.fee, cat === "disputes" ? undefined : "A Stripe fee Plaza's ledger does not book.");
  }
  return out;
}

/** The platform's balance transactions created in [from, to), newest first, sources expanded (no transaction open). */
async function stripeBalanceTransactions(db: Database, start: Date, end: Date, currency: string): Promise<{ txns: Stripe.BalanceTransaction[]; truncated: boolean }> {
  assertNoTransaction(db, "reconcile");
  const txns: Stripe.BalanceTransaction[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const page = await stripe().balanceTransactions.list({
      created: { gte: Math.floor(start.getTime() / 1000), lt: Math.ceil(end.getTime() / 1000) },
      limit: 100,
      expand: ["data.source"],
      ...(startingAfter ? { starting_after: startingAfter } : {}),
    });
    for (const t of page.data) if (t.currency === currency) txns.push(t);
    const last = page.data[page.data.length - 1];
    if (!page.has_more || !last) return { txns, truncated: false };
    if (txns.length >= MAX_STRIPE_TRANSACTIONS) return { txns, truncated: true };
    startingAfter = last.id;
  }
}

/**
 * The lookup for a period's transactions: what the expanded sources give, then the transfers, application fees
 * and charges they point to that are not among them (one retrieve each; a direct charge's from its account).
 */
async function stripeLookup(txns: Stripe.BalanceTransaction[]): Promise<StripeLookup> {
  const lookup: StripeLookup = { chargePi: new Map(), transfers: new Map(), fees: new Map() };
  const addCharge = (c: Stripe.Charge) => lookup.chargePi.set(c.id, idOf(c.payment_intent) ?? c.id);
  for (const t of txns) {
    const charge = sourceObject<Stripe.Charge>(t.source, "charge");
    if (charge) addCharge(charge);
    const tr = sourceObject<Stripe.Transfer>(t.source, "transfer");
    if (tr) lookup.transfers.set(tr.id, tr);
    const fee = sourceObject<Stripe.ApplicationFee>(t.source, "application_fee");
    if (fee) lookup.fees.set(fee.id, fee);
  }
  for (const t of txns) {
    const transferId = idOf(sourceObject<Stripe.TransferReversal>(t.source, "transfer_reversal")?.transfer);
    if (transferId && !lookup.transfers.has(transferId)) lookup.transfers.set(transferId, await stripe().transfers.retrieve(transferId));
    const feeId = idOf(sourceObject<Stripe.FeeRefund>(t.source, "fee_refund")?.fee);
    if (feeId && !lookup.fees.has(feeId)) lookup.fees.set(feeId, await stripe().applicationFees.retrieve(feeId));
  }
  const wanted: { id: string; account: string | null }[] = [];
  for (const tr of lookup.transfers.values()) {
    const id = idOf(tr.source_transaction);
    if (id) wanted.push({ id, account: null });
  }
  for (const fee of lookup.fees.values()) {
    const origin = idOf(fee.originating_transaction);
    if (origin) wanted.push({ id: origin, account: null });
    else wanted.push({ id: idOf(fee.charge) ?? "", account: idOf(fee.account) });
  }
  for (const w of wanted) {
    if (!w.id || lookup.chargePi.has(w.id)) continue;
    addCharge(await stripe().charges.retrieve(w.id, {}, w.account ? { stripeAccount: w.account } : {}));
  }
  return lookup;
}

// ----------------------------------------------------------------------------------------------------------
// Plaza side

const DIRECT_NOTE = "A direct charge on the seller's own Stripe account: it is not on the platform's balance.";

/** Plaza's ledger transactions of the period that touch the Stripe-side accounts, as entries. */
export async function plazaEntries(db: Database, start: Date, end: Date, currency: string): Promise<{ entries: ReconciliationEntry[]; transactions: number }> {
  const rows = await queryRows(
    db,
    sql`select t.id, t.reference, t.type, t.stripe_object_id, t.created_at,
               o.payment_intent_id as order_pi, o.charge_type, o.stripe_account,
               sl.id as settlement_line_id, sl.stripe_transfer_id, r.stripe_refund_id as top_up_refund_id,
               m.clearing::text as clearing, m.stripe_fees::text as stripe_fees, m.sales::text as sales, m.platform::text as platform
        from ledger_transactions t
        join lateral (
          select coalesce(sum(e.amount) filter (where a.kind = 'stripe_clearing'), 0) as clearing,
                 coalesce(sum(e.amount) filter (where a.kind = 'stripe_fees'), 0) as stripe_fees,
                 coalesce(sum(e.amount) filter (where a.kind = 'connected_sales'), 0) as sales,
                 coalesce(sum(e.amount) filter (where a.kind = 'platform_fees'), 0) as platform,
                 count(*) filter (where a.kind in ('stripe_clearing', 'stripe_fees')) as stripe_side
          from ledger_entries e join ledger_accounts a on a.id = e.account_id
          where e.transaction_id = t.id and a.currency = ${currency}) m on m.stripe_side > 0
        left join orders o on o.id = t.order_id
        left join settlement_lines sl on t.type = 'settlement' and sl.id = t.metadata->>'settlementLineId'
        left join wallet_top_up_refunds r on t.type = 'card_refund' and r.id = t.metadata->>'topUpRefundId'
        where t.created_at >= ${start.toISOString()}::timestamptz and t.created_at < ${end.toISOString()}::timestamptz
        order by t.created_at, t.id`,
  );
  const entries: ReconciliationEntry[] = [];
  for (const r of rows) {
    const id = str(r.reference);
    const at = date(r.created_at);
    const clearing = int(r.clearing);
    const stripeFees = int(r.stripe_fees);
    const gross = -(clearing + stripeFees);
    const type = str(r.type);
    const object = optStr(r.stripe_object_id);
    const orderPi = optStr(r.order_pi);
    const direct = r.charge_type === "direct";
    const add = (category: ReconciliationCategory, key: string, amount: number, expected?: string) => {
      if (amount !== 0) entries.push({ side: "plaza", category, key, amount, id, date: at, expected });
    };
    const fallback = object ?? id;
    switch (type) {
      case "manual_top_up":
      case "auto_top_up":
      case "card_sale":
        add("charges", object ?? orderPi ?? id, gross, direct ? DIRECT_NOTE : undefined);
        break;
      case "refund":
        add("refunds", fallback, gross, direct ? DIRECT_NOTE : undefined);
        break;
      case "card_refund":
        // The hold and its undo share the key: a refund Stripe refused nets to nothing.
        add("refunds", optStr(r.top_up_refund_id) ?? `${object ?? id}:top-up-refund`, gross);
        break;
      case "settlement":
        // A claim reversed because the transfer failed has the line's key too: with no transfer it nets to nothing.
        add("transfers", optStr(r.stripe_transfer_id) ?? `settlement-line:${optStr(r.settlement_line_id) ?? id}`, gross);
        break;
      case "dispute":
      case "dispute_reversal":
        add("disputes", fallback, gross, direct ? DIRECT_NOTE : undefined);
        break;
      default:
        add(gross >= 0 ? "charges" : "refunds", fallback, gross);
    }
    if (stripeFees !== 0) add("stripe_fees", fallback, stripeFees, direct ? DIRECT_NOTE : undefined);
    if (orderPi && ["card_sale", "refund", "dispute", "dispute_reversal"].includes(type)) {
      const platform = type === "card_sale" || type === "refund" ? int(r.platform) : 0;
      if (!direct) add("seller_transfers", orderPi, -(int(r.sales) + platform));
      add("application_fees", orderPi, platform);
    }
  }
  // Payouts are not booked in the ledger: Plaza's record of them is Stripe's payout events in the inbox.
  const payouts = await queryRows(
    db,
    sql`select id, type, stripe_created_at, payload->'data'->'object'->>'id' as payout, (payload->'data'->'object'->>'amount')::bigint::text as amount
        from stripe_events
        where type in ('payout.created', 'payout.failed', 'payout.canceled') and account is null
          and payload->'data'->'object'->>'currency' = ${currency}
          and stripe_created_at >= ${start.toISOString()}::timestamptz and stripe_created_at < ${end.toISOString()}::timestamptz`,
  );
  for (const p of payouts) {
    const amount = int(p.amount ?? 0);
    entries.push({ side: "plaza", category: "payouts", key: str(p.payout), amount: p.type === "payout.created" ? -amount : amount, id: str(p.id), date: date(p.stripe_created_at) });
  }
  return { entries, transactions: rows.length + payouts.length };
}

// ----------------------------------------------------------------------------------------------------------
// Matching

const STATUS_ORDER: Record<ReconciliationStatus, number> = { difference: 0, explained: 1, matched: 2 };

/** Groups both sides by (category, key) and decides each group: matched, explained or a difference. */
export function matchEntries(entries: ReconciliationEntry[]): { items: ReconciliationItem[]; totals: ReconciliationTotal[] } {
  const groups = new Map<string, { category: ReconciliationCategory; key: string; plaza: number; stripe: number; stripeIds: string[]; plazaReferences: string[]; date: Date; expected: string[]; sides: Set<string> }>();
  for (const e of entries) {
    const k = `${e.category}\u0000${e.key}`;
    let g = groups.get(k);
    if (!g) {
      g = { category: e.category, key: e.key, plaza: 0, stripe: 0, stripeIds: [], plazaReferences: [], date: e.date, expected: [], sides: new Set() };
      groups.set(k, g);
    }
    g.sides.add(e.side);
    if (e.side === "plaza") {
      g.plaza += e.amount;
      if (!g.plazaReferences.includes(e.id)) g.plazaReferences.push(e.id);
    } else {
      g.stripe += e.amount;
      if (!g.stripeIds.includes(e.id)) g.stripeIds.push(e.id);
    }
    if (e.date < g.date) g.date = e.date;
    if (e.expected && !g.expected.includes(e.expected)) g.expected.push(e.expected);
  }
  const items: ReconciliationItem[] = [];
  for (const g of groups.values()) {
    const difference = g.stripe - g.plaza;
    let status: ReconciliationStatus;
    let note: string;
    if (difference === 0) {
      if (!g.sides.has("stripe")) continue; // Plaza postings that cancel out (a refused transfer booked and reversed)
      status = "matched";
      note = "";
    } else if (g.expected.length > 0 && (!g.sides.has("stripe") || !g.sides.has("plaza"))) {
      status = "explained";
      note = g.expected.join(" ");
    } else {
      status = "difference";
      note = !g.sides.has("plaza")
        ? "On Stripe only: Plaza has no posting for this object in the period (missed webhook, or booked in another period)."
        : !g.sides.has("stripe")
          ? "In Plaza only: Stripe has no balance transaction for this in the period (not made at Stripe, or in another period)."
          : "Amounts differ between Plaza and Stripe.";
    }
    items.push({ category: g.category, key: g.key, status, plaza: g.plaza, stripe: g.stripe, difference, stripeIds: g.stripeIds, plazaReferences: g.plazaReferences, date: g.date, note });
  }
  items.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || RECONCILIATION_CATEGORIES.indexOf(a.category) - RECONCILIATION_CATEGORIES.indexOf(b.category) || a.date.getTime() - b.date.getTime() || a.key.localeCompare(b.key));
  const totals = RECONCILIATION_CATEGORIES.map((category) => {
    const mine = items.filter((i) => i.category === category);
    const plaza = mine.reduce((s, i) => s + i.plaza, 0);
    const stripeTotal = mine.reduce((s, i) => s + i.stripe, 0);
    const explained = mine.filter((i) => i.status === "explained").reduce((s, i) => s + i.difference, 0);
    return { category, plaza, stripe: stripeTotal, difference: stripeTotal - plaza, explained, unexplained: stripeTotal - plaza - explained };
  });
  return { items, totals };
}

/** Reconciles a period (inclusive days in PLAZA_TIME_ZONE). Reads Stripe first, with no transaction open. */
export async function reconcile(db: Database, period: ReconciliationPeriod, currency = env().PLAZA_CURRENCY): Promise<Reconciliation> {
  const start = startOfDay(period.from);
  const end = startOfDay(nextDay(period.to));
  let fromStripe: Awaited<ReturnType<typeof stripeBalanceTransactions>>;
  let lookup: StripeLookup;
  try {
    fromStripe = await stripeBalanceTransactions(db, start, end, currency);
    lookup = await stripeLookup(fromStripe.txns);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError("stripe_unavailable", `Stripe's balance transactions could not be read (${e instanceof Error ? e.message : "unknown error"}). Nothing was reconciled; try again in a moment.`);
  }
  const plaza = await plazaEntries(db, start, end, currency);
  const { items, totals } = matchEntries([...plaza.entries, ...fromStripe.txns.flatMap((t) => stripeEntries(t, lookup))]);
  return {
    from: period.from,
    to: period.to,
    currency,
    totals,
    items,
    counts: {
      matched: items.filter((i) => i.status === "matched").length,
      explained: items.filter((i) => i.status === "explained").length,
      differences: items.filter((i) => i.status === "difference").length,
      stripeTransactions: fromStripe.txns.length,
      plazaTransactions: plaza.transactions,
    },
    truncated: fromStripe.truncated,
  };
}

export const RECONCILIATION_CSV_HEADER = ["Date", "Category", "Status", "Stripe id", "Stripe objects", "Plaza references", "Currency", "Plaza", "Stripe", "Difference", "Note"] as const;

/** Every group as one CSV row for accountants (amounts in major units, Stripe's sign; ISO 8601 dates). */
export function reconciliationCsv(r: Reconciliation): string {
  const cur = r.currency.toUpperCase();
  return csvDocument(
    RECONCILIATION_CSV_HEADER,
    r.items.map((i) => [i.date.toISOString(), i.category, i.status, i.key, i.stripeIds.join(" "), i.plazaReferences.join(" "), cur, csvAmount(i.plaza, r.currency), csvAmount(i.stripe, r.currency), csvAmount(i.difference, r.currency), i.note]),
  );
}

/** The JSON answer of GET /api/admin/reconciliation. */
export function reconciliationJson(r: Reconciliation) {
  return {
    reconciliation: {
      from: r.from,
      to: r.to,
      currency: r.currency,
      totals: r.totals,
      counts: r.counts,
      truncated: r.truncated,
      items: r.items.map((i) => ({ ...i, date: i.date.toISOString() })),
    },
  };
}
