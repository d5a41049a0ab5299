import "server-only";
import { and, asc, eq, inArray, ne, notInArray, sql } from "drizzle-orm";
import Stripe from "stripe";
import { z } from "zod";
import type { Database } from "@/db/client";
import { courseAccess, listings, listingSlots, orderItems, orderRefunds, orders, tickets } from "@/db/schema";
import { AppError, validationError } from "@/lib/errors";
import { getOrCreateAccount } from "@/lib/ledger/accounts";
import { LedgerError } from "@/lib/ledger/errors";
import { postTransaction } from "@/lib/ledger/post";
import { formatDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";
import { assertNoTransaction } from "@/lib/payments/no-transaction";
import { idempotencyKey, stripe } from "@/lib/stripe/client";
import { aftersaleEmails } from "./aftersale-emails";
import { lockOrder, orderNotFound, releaseStock, type OrderRow } from "./orders";

/** The refund contract, shared by `POST /api/orders/{id}/refunds` and the order pages' server actions. */
export const refundRequest = z.object({
  amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  reason: z.string().trim().max(500).optional(),
  /** A request id from the form (the API may send `Idempotency-Key` instead): a retry refunds once. */
  requestId: z.string().trim().min(8).max(200).optional(),
});
export type RefundRequest = z.infer<typeof refundRequest>;

export type RefundRow = typeof orderRefunds.$inferSelect;

/** Statuses of a refund that no longer count (the money was not returned). */
export const DEAD_REFUND_STATUSES = ["failed", "canceled"] as const;
const DEFAULT_HOURS = { course: 14 * 24, event_ticket: 48, service: 0 } as const;

export interface Refunder {
  id: string;
  platformAdmin: boolean;
  organisations: { id: string; role: string }[];
}

export type RefunderRole = "buyer" | "seller" | "admin";

/** Who is asking, for this order: a platform admin, the seller's owner/admin, the buyer; 404 for anyone else. */
export function refunderRole(order: OrderRow, user: Refunder): RefunderRole {
  if (user.platformAdmin) return "admin";
  const m = user.organisations.find((o) => o.id === order.organisationId);
  if (m && (m.role === "owner" || m.role === "admin")) return "seller";
  if (order.buyerUserId === user.id) return "buyer";
  if (m) throw new AppError("forbidden", "Only the organisation's owners and admins can refund its orders.");
  throw orderNotFound();
}

export async function orderForRefund(db: Database, orderId: string): Promise<OrderRow> {
  if (!z.uuid().safeParse(orderId).success) throw orderNotFound();
  const [row] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!row) throw orderNotFound();
  return row;
}

/** The refunds that count against an order: not failed, and not the refund of a late payment (never booked). */
async function refundedSoFar(tx: Database, orderId: string): Promise<{ amount: number; fee: number }> {
  const [row] = await tx
    .select({ amount: sql<string>`coalesce(sum(${orderRefunds.amount}), 0)`, fee: sql<string>`coalesce(sum(${orderRefunds.feeRefunded}), 0)` })
    .from(orderRefunds)
    .where(and(eq(orderRefunds.orderId, orderId), notInArray(orderRefunds.status, [...DEAD_REFUND_STATUSES]), ne(orderRefunds.reason, "late_payment")));
  return { amount: Number(row?.amount ?? 0), fee: Number(row?.fee ?? 0) };
}

/**
 * The proportional rule: a refund of R on an order of A with application fee F gives back round(F × R / A)
 * of the fee (half up), and the refund that completes the order gives back whatever is left, so the fee
 * refunds always sum to F. The seller bears R minus that. It is Stripe's rule for `refund_application_fee`
 * (destination and direct charges), so Plaza's ledger equals Stripe's objects.
 * Example: 10,000 with a fee of 1,000, refund 4,000 -> fee refund 400: the seller keeps 9,000 - 3,600 = 5,400
 * and the platform 600.
 */
export function feeShare(order: { amount: number; platformFee: number }, before: { amount: number; fee: number }, refund: number): number {
  const left = order.platformFee - before.fee;
  if (before.amount + refund >= order.amount) return left;
  return Math.min(Math.round((order.platformFee * refund) / order.amount), left);
}

export interface PolicyItem {
  kind: "course" | "event_ticket" | "service";
  refundHours: number | null;
  startsAt: Date | null;
}

/**
 * The buyer's refund window: a course within 14 days of purchase, a ticket until 48 hours before the event,
 * a service until its slot starts, unless the seller set its own number of hours on the listing. The
 * strictest item of the order decides. Returns the deadline, or null with the reason when there is none.
 */
export function buyerRefundDeadline(items: PolicyItem[], paidAt: Date | null): { until: Date | null; reason: string | null } {
  let until: Date | null = null;
  for (const item of items) {
    const hours = item.refundHours ?? DEFAULT_HOURS[item.kind];
    let d: Date | null;
    if (item.kind === "course") d = hours > 0 && paidAt ? new Date(paidAt.getTime() + hours * 3_600_000) : null;
    else d = item.startsAt ? new Date(item.startsAt.getTime() - hours * 3_600_000) : null;
    if (!d) return { until: null, reason: "The seller does not take refunds from buyers for this listing. Ask the seller." };
    if (!until || d < until) until = d;
  }
  return { until, reason: null };
}

async function policyItems(db: Database, orderId: string): Promise<PolicyItem[]> {
  const rows = await db
    .select({ kind: orderItems.kind, refundHours: listings.refundHours, listingStarts: listings.startsAt, slotStarts: listingSlots.startsAt })
    .from(orderItems)
    .innerJoin(listings, eq(listings.id, orderItems.listingId))
    .leftJoin(listingSlots, eq(listingSlots.id, orderItems.slotId))
    .where(eq(orderItems.orderId, orderId));
  return rows.map((r) => ({ kind: r.kind, refundHours: r.refundHours, startsAt: r.kind === "service" ? r.slotStarts : r.listingStarts }));
}

/** What the order page's review step shows before a refund: what can still be refunded, and until when for the buyer. */
export async function refundQuote(db: Database, order: OrderRow, role: RefunderRole, now = new Date()) {
  const before = await refundedSoFar(db, order.id);
  const refundable = ["paid", "partially_refunded"].includes(order.status) ? Math.max(order.amount - before.amount, 0) : 0;
  const policy = buyerRefundDeadline(await policyItems(db, order.id), order.paidAt);
  const buyerMay = policy.until !== null && now < policy.until;
  const allowed = refundable > 0 && (role !== "buyer" || buyerMay);
  const problem =
    refundable <= 0
      ? order.status === "refunded"
        ? "This order is already refunded in full."
        : `This order can't be refunded: it is ${order.status.replaceAll("_", " ")}.`
      : role === "buyer" && !buyerMay
        ? (policy.reason ?? `The refund window ended ${formatDate(policy.until ?? now, "medium")}. Ask the seller.`)
        : null;
  return { refundable, refunded: before.amount, feeRefunded: before.fee, buyerUntil: policy.until?.toISOString() ?? null, allowed, problem, to: order.paidWith === "wallet" ? ("wallet" as const) : ("card" as const) };
}
export type RefundQuote = Awaited<ReturnType<typeof refundQuote>>;

/** The ledger posting of one refund (the mirror of `card_sale` / `wallet_purchase`), or of its undoing. */
async function postRefund(tx: Database, order: OrderRow, r: RefundRow, undo: boolean): Promise<number> {
  const fees = await getOrCreateAccount(tx, { kind: "platform_fees", currency: order.currency });
  const wallet = order.paidWith === "wallet";
  const from = wallet
    ? await getOrCreateAccount(tx, { kind: "member_wallet", ownerUserId: order.buyerUserId, currency: order.currency })
    : await getOrCreateAccount(tx, { kind: "stripe_clearing", currency: order.currency });
  const seller = wallet
    ? await getOrCreateAccount(tx, { kind: "organisation", ownerOrganisationId: order.organisationId, currency: order.currency })
    : await getOrCreateAccount(tx, { kind: "connected_sales", ownerOrganisationId: order.organisationId, currency: order.currency, allowNegative: true });
  const sign = undo ? -1 : 1;
  const sellerShare = r.amount - r.feeRefunded;
  const entries = [{ accountId: from.id, amount: sign * r.amount }];
  if (sellerShare > 0) entries.push({ accountId: seller.id, amount: -sign * sellerShare });
  if (r.feeRefunded > 0) entries.push({ accountId: fees.id, amount: -sign * r.feeRefunded });
  const posted = await postTransaction(tx, {
    type: "refund",
    description: `${undo ? "Failed refund undone" : "Refund"}, order ${order.id.slice(0, 8)}`,
    idempotencyKey: `order-refund:${r.id}${undo ? ":failed" : ""}`,
    actorUserId: r.requestedByUserId,
    orderId: order.id,
    stripeObjectId: r.stripeRefundId,
    metadata: { refundId: r.id, source: r.source, feeRefunded: r.feeRefunded, chargeType: order.chargeType, ...(undo ? { failureReason: r.failureReason } : {}) },
    entries,
  });
  return posted.id;
}

/** Whether a refund of this order moves Plaza's ledger: the sale was booked (a late payment never was). */
function booksLedger(order: OrderRow, r: RefundRow): boolean {
  return r.reason !== "late_payment" && (order.paidWith === "wallet" || order.ledgerTransactionId !== null);
}

/**
 * Brings the order in line with its refunds (inside the caller's transaction, the order locked): status paid
 * / partially refunded / refunded from the refunds that count, and on the first full refund the fulfilment
 * is unwound: tickets voided, course access ended, places and slots back on sale.
 */
async function applyRefundState(tx: Database, orderId: string): Promise<void> {
  const order = await lockOrder(tx, orderId);
  if (!order || !["paid", "partially_refunded", "refunded"].includes(order.status)) return;
  const { amount } = await refundedSoFar(tx, orderId);
  const status = amount >= order.amount ? "refunded" : amount > 0 ? "partially_refunded" : "paid";
  if (status !== order.status) await tx.update(orders).set({ status }).where(eq(orders.id, orderId));
  if (status === "refunded" && order.status !== "refunded") {
    await tx.update(tickets).set({ voidedAt: new Date() }).where(and(eq(tickets.orderId, orderId), sql`${tickets.voidedAt} is null`));
    await tx.delete(courseAccess).where(eq(courseAccess.orderId, orderId));
    await releaseStock(tx, orderId);
  }
}

/**
 * `POST /api/orders/{id}/refunds`. Decides and records the refund in one transaction (the order locked, so
 * concurrent refunds queue and never pass what was captured), then, with no transaction open, makes it at
 * Stripe and settles it. Wallet payments go straight back to the wallet in the same transaction.
 */
export async function refundOrder(db: Database, user: Refunder, orderId: string, input: unknown, opts: { idempotencyKey?: string | null } = {}): Promise<{ refund: { id: string; amount: number; status: string }; created: boolean; orderId: string }> {
  const parsed = refundRequest.safeParse(input ?? {});
  if (!parsed.success) throw validationError(parsed.error.issues);
  const body = parsed.data;
  const order = await orderForRefund(db, orderId);
  const role = refunderRole(order, user);
  const key = opts.idempotencyKey ?? body.requestId ?? null;
  const requestKey = key ? `${user.id}:${order.id}:${key}` : null;
  const decided = await db.transaction(async (tx) => {
    const locked = await lockOrder(tx, order.id);
    if (!locked) throw orderNotFound();
    if (requestKey) {
      const [earlier] = await tx.select().from(orderRefunds).where(eq(orderRefunds.requestKey, requestKey));
      if (earlier) {
        if (body.amount !== undefined && body.amount !== earlier.amount) throw new AppError("idempotency_conflict", "This request id was already used for a refund of another amount. Send a new request id.");
        return { row: earlier, created: false };
      }
    }
    const quote = await refundQuote(tx, locked, role);
    if (!quote.allowed) throw new AppError("refund_not_allowed", quote.problem ?? "This order can't be refunded.", { details: { refundable: quote.refundable } });
    const amount = body.amount ?? quote.refundable;
    if (amount > quote.refundable) {
      throw new AppError("amount_too_large", `At most ${formatMoney({ amount: quote.refundable, currency: locked.currency })} of this order can still be refunded.`, { param: "amount", details: { refundable: quote.refundable } });
    }
    const fee = feeShare(locked, { amount: quote.refunded, fee: quote.feeRefunded }, amount);
    const wallet = locked.paidWith === "wallet";
    if (!wallet && !locked.paymentIntentId) throw new AppError("refund_not_allowed", "This order has no card payment to refund.");
    const [row] = await tx
      .insert(orderRefunds)
      .values({
        orderId: locked.id,
        paymentIntentId: locked.paymentIntentId ?? "wallet",
        stripeAccount: locked.chargeType === "direct" ? locked.stripeAccount : null,
        amount,
        currency: locked.currency,
        status: wallet ? "succeeded" : "pending",
        source: "plaza",
        reason: body.reason || (role === "buyer" ? "requested_by_buyer" : "requested_by_seller"),
        requestKey,
        requestedByUserId: user.id,
        feeRefunded: fee,
      })
      .returning();
    if (wallet) {
      try {
        const txId = await postRefund(tx, locked, row, false);
        await tx.update(orderRefunds).set({ ledgerTransactionId: txId }).where(eq(orderRefunds.id, row.id));
      } catch (e) {
        if (e instanceof LedgerError && e.code === "insufficient_funds") throw new AppError("refund_not_allowed", "The seller's Plaza balance is too low to return this wallet payment. The seller must add funds first.");
        throw e;
      }
    }
    await applyRefundState(tx, locked.id);
    await aftersaleEmails.refunded(tx, locked, amount, quote.refundable - amount);
    return { row, created: true };
  });
  if (decided.row.status === "pending") await makePendingRefunds(db, order.id);
  const [fresh] = await db.select().from(orderRefunds).where(eq(orderRefunds.id, decided.row.id));
  if (fresh.status === "failed" && decided.created) throw new AppError("refund_not_allowed", `Stripe refused the refund${fresh.failureReason ? `: ${fresh.failureReason}` : ""}. Nothing was refunded.`);
  return { refund: { id: fresh.stripeRefundId ?? fresh.id, amount: fresh.amount, status: fresh.status }, created: decided.created, orderId: order.id };
}

function idOf(v: string | { id: string } | null | undefined): string | null {
  return typeof v === "string" ? v : (v?.id ?? null);
}

/**
 * A refund as Stripe reports it (the API's answer, `refund.*` events, or a `charge.refunded` charge's list),
 * recorded exactly once whichever arrives first and however often: matched to Plaza's own row by id or by
 * `metadata.plaza_refund_id`, else (a refund made in the Dashboard) inserted once per Stripe refund id. The
 * ledger posts when it first counts and is undone once if it fails; a failed or cancelled refund stays so.
 */
export async function recordStripeRefund(tx: Database, refund: Stripe.Refund, ctx: { stripeAccount: string | null; stripeEventId: string | null }): Promise<void> {
  const plazaId = refund.metadata?.plaza_refund_id;
  const [known] = await tx.select({ orderId: orderRefunds.orderId }).from(orderRefunds).where(eq(orderRefunds.stripeRefundId, refund.id));
  let orderId = known?.orderId ?? null;
  if (!orderId && plazaId && z.uuid().safeParse(plazaId).success) {
    const [mine] = await tx.select({ orderId: orderRefunds.orderId }).from(orderRefunds).where(eq(orderRefunds.id, plazaId));
    orderId = mine?.orderId ?? null;
  }
  const paymentIntentId = idOf(refund.payment_intent);
  if (!orderId && paymentIntentId) {
    const [o] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.paymentIntentId, paymentIntentId));
    orderId = o?.id ?? null;
  }
  if (!orderId) return; // not a payment of a Plaza order
  const order = await lockOrder(tx, orderId); // the order first, always: concurrent events queue here
  if (!order) return;
  let [row] = await tx.select().from(orderRefunds).where(eq(orderRefunds.stripeRefundId, refund.id)).for("update");
  if (!row && plazaId && z.uuid().safeParse(plazaId).success) {
    [row] = await tx.select().from(orderRefunds).where(and(eq(orderRefunds.id, plazaId), eq(orderRefunds.orderId, order.id))).for("update");
    if (row && !row.stripeRefundId) [row] = await tx.update(orderRefunds).set({ stripeRefundId: refund.id, updatedAt: new Date() }).where(eq(orderRefunds.id, row.id)).returning();
  }
  let inserted = false;
  if (!row) {
    if (!["paid", "partially_refunded", "refunded"].includes(order.status)) return;
    const before = await refundedSoFar(tx, order.id);
    const amount = Math.min(refund.amount, Math.max(order.amount - before.amount, 0)) || refund.amount;
    // A Dashboard refund on a direct charge leaves the platform's fee with the platform (no refund_application_fee).
    const fee = order.chargeType === "direct" ? 0 : Math.min(feeShare(order, before, amount), amount);
    const unwind = order.chargeType === "destination" && !refund.transfer_reversal ? ("pending" as const) : null;
    [row] = await tx
      .insert(orderRefunds)
      .values({ orderId: order.id, stripeRefundId: refund.id, paymentIntentId: paymentIntentId ?? order.paymentIntentId ?? "", stripeAccount: ctx.stripeAccount, amount, currency: refund.currency, status: refund.status ?? "pending", source: "stripe", reason: refund.reason ?? "stripe_dashboard", feeRefunded: fee, unwindStatus: unwind })
      .returning();
    inserted = true;
  }
  const dead = (s: string) => (DEAD_REFUND_STATUSES as readonly string[]).includes(s);
  const stripeStatus = refund.status ?? row.status;
  // A failed or cancelled refund is final: a late copy of an earlier state never brings it back.
  const status = dead(row.status) ? row.status : stripeStatus;
  if (status !== row.status || (dead(status) && !row.failureReason && refund.failure_reason)) {
    [row] = await tx.update(orderRefunds).set({ status, failureReason: refund.failure_reason ?? row.failureReason, updatedAt: new Date() }).where(eq(orderRefunds.id, row.id)).returning();
  }
  if (booksLedger(order, row)) {
    if (!dead(row.status) && row.ledgerTransactionId === null) {
      const txId = await postRefund(tx, order, row, false);
      [row] = await tx.update(orderRefunds).set({ ledgerTransactionId: txId }).where(eq(orderRefunds.id, row.id)).returning();
    } else if (dead(row.status) && row.ledgerTransactionId !== null && row.failureLedgerTransactionId === null) {
      const txId = await postRefund(tx, order, row, true);
      await tx.update(orderRefunds).set({ failureLedgerTransactionId: txId }).where(eq(orderRefunds.id, row.id));
      await aftersaleEmails.refundFailed(tx, order, row.amount, row.failureReason);
    }
    await applyRefundState(tx, order.id);
  }
  if (inserted && !dead(row.status) && booksLedger(order, row)) {
    const left = order.amount - (await refundedSoFar(tx, order.id)).amount;
    await aftersaleEmails.refunded(tx, order, row.amount, Math.max(left, 0));
  }
}

/** `charge.refunded`: every refund listed on the charge, each recorded as above (once). */
export async function recordChargeRefunds(tx: Database, charge: Stripe.Charge, ctx: { stripeAccount: string | null; stripeEventId: string | null }): Promise<void> {
  for (const r of charge.refunds?.data ?? []) {
    if (!r.payment_intent && charge.payment_intent) r.payment_intent = charge.payment_intent;
    await recordStripeRefund(tx, r, ctx);
  }
}

/** A Plaza refund Stripe refused outright: it no longer counts and the order is brought back in line. */
async function markRefundRefused(db: Database, r: RefundRow, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    const order = await lockOrder(tx, r.orderId);
    if (!order) return;
    const moved = await tx
      .update(orderRefunds)
      .set({ status: "failed", failureReason: reason.slice(0, 500), updatedAt: new Date() })
      .where(and(eq(orderRefunds.id, r.id), eq(orderRefunds.status, "pending"), sql`${orderRefunds.stripeRefundId} is null`))
      .returning();
    if (moved.length) await applyRefundState(tx, order.id);
  });
}

export interface PendingRefundWork {
  refund: RefundRow;
  chargeType: OrderRow["chargeType"];
  platformFee: number;
}

/** Plaza's refunds still to be made at Stripe (oldest first), optionally of one order. */
export async function pendingRefunds(db: Database, orderId?: string): Promise<PendingRefundWork[]> {
  return db
    .select({ refund: orderRefunds, chargeType: orders.chargeType, platformFee: orders.platformFee })
    .from(orderRefunds)
    .innerJoin(orders, eq(orders.id, orderRefunds.orderId))
    .where(and(eq(orderRefunds.status, "pending"), eq(orderRefunds.source, "plaza"), sql`${orderRefunds.stripeRefundId} is null`, orderId ? eq(orderRefunds.orderId, orderId) : undefined))
    .orderBy(asc(orderRefunds.createdAt))
    .limit(50);
}

/** Stripe's refund parameters for an order's charge type: destination charges reverse the transfer; the fee is refunded in proportion when there is one (alf.io #739). */
export function refundParams(chargeType: OrderRow["chargeType"], platformFee: number): Pick<Stripe.RefundCreateParams, "reverse_transfer" | "refund_application_fee"> {
  const fee = platformFee > 0 ? { refund_application_fee: true } : {};
  if (chargeType === "destination") return { reverse_transfer: true, ...fee };
  if (chargeType === "direct") return fee;
  return {};
}


/** Dashboard refunds of destination charges that left the seller's transfer in place, still to unwind. */
export async function refundsToUnwind(db: Database): Promise<(RefundRow & { orderAmount: number })[]> {
  const rows = await db
    .select({ r: orderRefunds, orderAmount: orders.amount })
    .from(orderRefunds)
    .innerJoin(orders, eq(orders.id, orderRefunds.orderId))
    .where(and(eq(orderRefunds.unwindStatus, "pending"), notInArray(orderRefunds.status, [...DEAD_REFUND_STATUSES])))
    .limit(50);
  return rows.map((x) => ({ ...x.r, orderAmount: x.orderAmount }));
}

export async function markUnwound(db: Database, ids: string[]): Promise<void> {
  if (ids.length) await db.update(orderRefunds).set({ unwindStatus: "done", updatedAt: new Date() }).where(inArray(orderRefunds.id, ids));
}

/**
 * Makes the refunds Plaza decided on at Stripe, after the transaction that decided them (the refunds API,
 * late payments): the amount recorded, reversing the seller's transfer and refunding the application fee in
 * proportion on destination charges, on the connected account (`Stripe-Account`) with the fee in proportion
 * for direct charges. The idempotency key from the refund's id makes a repeat harmless; Stripe's answer is
 * recorded exactly as its webhooks are (`recordStripeRefund`). Stripe refusing outright marks it failed; an
 * unreachable Stripe leaves it pending, retried by the after-sale job.
 */
export async function makePendingRefunds(db: Database, orderId?: string): Promise<number> {
  assertNoTransaction(db, "makePendingRefunds");
  let made = 0;
  for (const { refund: r, chargeType, platformFee } of await pendingRefunds(db, orderId)) {
    try {
      const refund = await stripe().refunds.create(
        { payment_intent: r.paymentIntentId, amount: r.amount, ...refundParams(chargeType, platformFee), metadata: { plaza_order_id: r.orderId, plaza_refund_id: r.id } },
        { idempotencyKey: idempotencyKey("order-refund", r.id), ...(r.stripeAccount ? { stripeAccount: r.stripeAccount } : {}) },
      );
      await db.transaction((tx) => recordStripeRefund(tx, refund, { stripeAccount: r.stripeAccount, stripeEventId: null }));
      made++;
    } catch (e) {
      if (e instanceof Stripe.errors.StripeInvalidRequestError) {
        console.warn("[plaza] Stripe refused the refund of order", r.orderId, e.message);
        await markRefundRefused(db, r, e.message);
      } else {
        console.warn("[plaza] refund of order", r.orderId, "failed; it stays pending and is retried", e instanceof Error ? e.message : e);
      }
    }
  }
  return made;
}

/**
 * Dashboard refunds of destination charges made without `reverse_transfer`: the platform alone paid them, so
 * Plaza reverses the seller's proportional share of the transfer and refunds the fee share itself (the
 * ledger already booked the refund that way). After the commit, idempotent by the refund's id.
 */
export async function unwindDashboardRefunds(db: Database): Promise<number> {
  assertNoTransaction(db, "unwindDashboardRefunds");
  const done: string[] = [];
  for (const r of await refundsToUnwind(db)) {
    try {
      const [ch] = (await stripe().charges.list({ payment_intent: r.paymentIntentId, limit: 1 })).data;
      const transferId = idOf(ch?.transfer ?? null);
      if (ch && transferId) {
        const transfer = await stripe().transfers.retrieve(transferId);
        const share = Math.min(Math.round((r.amount * transfer.amount) / r.orderAmount), transfer.amount - transfer.amount_reversed);
        if (share > 0) await stripe().transfers.createReversal(transferId, { amount: share, metadata: { plaza_refund_id: r.id } }, { idempotencyKey: idempotencyKey("order-refund-reversal", r.id) });
        const feeId = idOf(ch.application_fee ?? null);
        if (feeId && r.feeRefunded > 0) await stripe().applicationFees.createRefund(feeId, { amount: r.feeRefunded, metadata: { plaza_refund_id: r.id } }, { idempotencyKey: idempotencyKey("order-refund-fee", r.id) });
      }
      done.push(r.id);
    } catch (e) {
      console.warn("[plaza] could not unwind the dashboard refund", r.stripeRefundId, e instanceof Error ? e.message : e);
    }
  }
  await markUnwound(db, done);
  return done.length;
}
