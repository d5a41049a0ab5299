import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { bookings, courseAccess, listings, listingSlots, orderDisputes, orderItems, orderRefunds, orders, organisations, tickets, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { getOrCreateAccount } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post";
import { marketplaceEmails } from "./emails";

export type OrderRow = typeof orders.$inferSelect;
export type OrderStatus = OrderRow["status"];

/** An order's id from a URL: anything that is not one of ours reads as "no such order". */
export function orderNotFound(): AppError {
  return new AppError("order_not_found", "No such order. Check the link, or find it under My purchases.");
}

export async function lockOrder(tx: Database, orderId: string): Promise<OrderRow | null> {
  const [row] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  return row ?? null;
}

/** The caller's own order (404 order_not_found for a missing id or someone else's). */
export async function buyerOrder(db: Database, orderId: string, buyerUserId: string): Promise<OrderRow> {
  if (!z.uuid().safeParse(orderId).success) throw orderNotFound();
  const [row] = await db.select().from(orders).where(and(eq(orders.id, orderId), eq(orders.buyerUserId, buyerUserId))).limit(1);
  if (!row) throw orderNotFound();
  return row;
}

/**
 * Holds stock for an order inside the caller's transaction: places on a listing (`reserved` never passes
 * `capacity`, one conditional UPDATE per listing, so concurrent checkouts for the last place queue on the
 * row and exactly one wins) and a service's slot (one order each). Throws 409 sold_out.
 */
function byLockOrder(a: { listingId: string; slotId: string | null }, b: { listingId: string; slotId: string | null }): number {
  return a.listingId < b.listingId ? -1 : a.listingId > b.listingId ? 1 : (a.slotId ?? "") < (b.slotId ?? "") ? -1 : (a.slotId ?? "") > (b.slotId ?? "") ? 1 : 0;
}

export async function holdStock(tx: Database, orderId: string, items: { listingId: string; title: string; quantity: number; slotId: string | null }[]): Promise<void> {
  // Rows are locked in one order (listing, then slot) by every checkout, so two buyers of the same listings
  // queue instead of deadlocking.
  for (const item of [...items].sort(byLockOrder)) {
    if (item.slotId) {
      const held = await tx
        .update(listingSlots)
        .set({ heldByOrderId: orderId })
        .where(and(eq(listingSlots.id, item.slotId), eq(listingSlots.listingId, item.listingId), sql`${listingSlots.heldByOrderId} is null`, sql`${listingSlots.startsAt} > now()`))
        .returning({ id: listingSlots.id });
      if (!held.length) throw new AppError("sold_out", `The time slot you chose for "${item.title}" was just taken. Pick another slot.`, { param: "articles" });
      continue;
    }
    const rows = await tx
      .update(listings)
      .set({ reserved: sql`${listings.reserved} + ${item.quantity}` })
      .where(and(eq(listings.id, item.listingId), eq(listings.published, true), sql`(${listings.capacity} is null or ${listings.reserved} + ${item.quantity} <= ${listings.capacity})`))
      .returning({ capacity: listings.capacity, reserved: listings.reserved });
    if (!rows.length) {
      const [l] = await tx.select({ capacity: listings.capacity, reserved: listings.reserved }).from(listings).where(eq(listings.id, item.listingId));
      const left = l && l.capacity !== null ? Math.max(l.capacity - l.reserved, 0) : 0;
      throw new AppError("sold_out", left > 0 ? `Only ${left} place${left === 1 ? "" : "s"} left for "${item.title}". Choose fewer.` : `"${item.title}" is sold out.`, { param: "articles", details: { remaining: left } });
    }
  }
}

export async function releaseStock(tx: Database, orderId: string): Promise<void> {
  const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId));
  for (const item of items.sort(byLockOrder)) {
    if (item.slotId) continue;
    await tx.update(listings).set({ reserved: sql`greatest(${listings.reserved} - ${item.quantity}, 0)` }).where(eq(listings.id, item.listingId));
  }
  await tx.update(listingSlots).set({ heldByOrderId: null }).where(eq(listingSlots.heldByOrderId, orderId));
}

/**
 * Closes an unpaid order (cancelled: superseded or abandoned; expired: its checkout lapsed) and releases its
 * stock. Only an order still awaiting payment moves, so repeating this (webhook and supersession racing) is harmless.
 */
export async function closeUnpaidOrder(tx: Database, orderId: string, status: "cancelled" | "expired", reason: string): Promise<boolean> {
  const moved = await tx
    .update(orders)
    .set({ status, closedReason: reason, closedAt: new Date() })
    .where(and(eq(orders.id, orderId), eq(orders.status, "awaiting_payment")))
    .returning({ id: orders.id });
  if (!moved.length) return false;
  await releaseStock(tx, orderId);
  return true;
}

function ticketCode(): string {
  // 10 characters of Crockford base32: unguessable enough for a door check, easy to read out.
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const bytes = randomBytes(10);
  return Array.from(bytes, (b) => alphabet[b % 32]).join("");
}

export interface PaymentFacts {
  paidWith: "checkout" | "card" | "wallet";
  paymentIntentId: string | null;
  stripeEventId: string | null;
  /** Manual capture (a service): the money is authorised, not yet taken. */
  authorisedOnly: boolean;
}

/**
 * The one fulfilment of an order, inside the caller's transaction (the webhook's, the return page's or the
 * charge API's): marks it paid (or authorised), books the sale in the ledger, grants course access, issues
 * tickets, books the slot, and emails buyer and seller. Idempotent: an order already past awaiting payment
 * is left as it is, and the ledger posting has an idempotency key from the order id.
 */
export async function fulfilOrder(tx: Database, orderId: string, facts: PaymentFacts): Promise<"fulfilled" | "already" | "closed"> {
  const order = await lockOrder(tx, orderId);
  if (!order) throw new Error(`order ${orderId} does not exist`);
  if (order.status === "cancelled" || order.status === "expired") return "closed";
  if (order.status !== "awaiting_payment") return "already";
  const now = new Date();
  await tx
    .update(orders)
    .set({ status: facts.authorisedOnly ? "authorised" : "paid", paidWith: facts.paidWith, paymentIntentId: facts.paymentIntentId ?? order.paymentIntentId, paidAt: facts.authorisedOnly ? null : now })
    .where(eq(orders.id, orderId));
  if (!facts.authorisedOnly && facts.paidWith !== "wallet" && order.amount > 0) await postCardSale(tx, order, facts);
  const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.id));
  for (const item of items) {
    if (item.kind === "course") {
      await tx.insert(courseAccess).values({ listingId: item.listingId, userId: order.buyerUserId, orderId }).onConflictDoNothing();
    } else if (item.kind === "event_ticket") {
      await tx
        .insert(tickets)
        .values(Array.from({ length: item.quantity }, (_, i) => ({ orderId, orderItemId: item.id, listingId: item.listingId, holderUserId: order.buyerUserId, code: ticketCode(), seq: i + 1 })))
        .onConflictDoNothing();
    } else if (item.slotId) {
      await tx.insert(bookings).values({ orderId, listingId: item.listingId, slotId: item.slotId, buyerUserId: order.buyerUserId }).onConflictDoNothing();
    }
  }
  await marketplaceEmails.sale(tx, { ...order, status: facts.authorisedOnly ? "authorised" : "paid" }, items);
  return "fulfilled";
}

/**
 * A card sale through Connect: Stripe paid the seller's connected account directly (destination or direct
 * charge), so it is recorded against the organisation's connected-sales account, never its Plaza balance
 * (which settlements pay out): card sales are not settled again. The platform's application fee is income.
 */
export async function postCardSale(tx: Database, order: OrderRow, facts: PaymentFacts): Promise<void> {
  const clearing = await getOrCreateAccount(tx, { kind: "stripe_clearing", currency: order.currency });
  const sales = await getOrCreateAccount(tx, { kind: "connected_sales", ownerOrganisationId: order.organisationId, currency: order.currency, allowNegative: true });
  const fees = await getOrCreateAccount(tx, { kind: "platform_fees", currency: order.currency });
  const net = order.amount - order.platformFee;
  const entries = [{ accountId: clearing.id, amount: -order.amount }];
  if (net > 0) entries.push({ accountId: sales.id, amount: net });
  if (order.platformFee > 0) entries.push({ accountId: fees.id, amount: order.platformFee });
  const posted = await postTransaction(tx, {
    type: "card_sale",
    description: `Card sale, order ${order.id.slice(0, 8)}`,
    idempotencyKey: `order:${order.id}:card_sale`,
    orderId: order.id,
    stripeObjectId: facts.paymentIntentId,
    stripeEventId: facts.stripeEventId,
    metadata: { chargeType: order.chargeType, stripeAccount: order.stripeAccount },
    entries,
  });
  await tx.update(orders).set({ ledgerTransactionId: posted.id }).where(eq(orders.id, order.id));
}

/**
 * A payment completed on a checkout Plaza had already closed (superseded or expired): the buyer is owed the
 * money back. Recorded here as a pending refund (once per session) and made at Stripe after this
 * transaction commits (`makePendingRefunds`); the buyer is told.
 */
export async function recordLatePayment(tx: Database, order: OrderRow, p: { checkoutSessionId: string; paymentIntentId: string; amount: number; currency: string; stripeAccount: string | null }): Promise<void> {
  const inserted = await tx
    .insert(orderRefunds)
    .values({ orderId: order.id, paymentIntentId: p.paymentIntentId, stripeAccount: p.stripeAccount, amount: p.amount, currency: p.currency, status: "pending", source: "plaza", reason: "late_payment", checkoutSessionId: p.checkoutSessionId })
    .onConflictDoNothing()
    .returning({ id: orderRefunds.id });
  if (inserted.length) await marketplaceEmails.latePaymentRefunded(tx, order, p.amount);
}

export interface OrderView {
  id: string;
  status: OrderStatus;
  amount: number;
  currency: string;
  platformFee: number;
  feeComputation: Record<string, unknown>;
  chargeType: string | null;
  stripeAccount: string | null;
  paymentIntentId: string | null;
  checkoutSessionId: string | null;
  paidWith: string | null;
  internalReferenceId: string | null;
  closedReason: string | null;
  seller: { slug: string; name: string };
  items: { id: string; listingId: string; kind: string; title: string; quantity: number; unitAmount: number; amount: number; slotId: string | null }[];
  refunds: { id: string; amount: number; status: string; source: "plaza" | "stripe"; reason: string; feeRefunded: number; failureReason: string | null; createdAt: string }[];
  disputes: { id: string; amount: number; reason: string; status: string; evidenceDueBy: string | null }[];
  tickets?: { id: string; code: string; listingId: string; seq: number; voided: boolean }[];
  booking?: { id: string; slotId: string; status: string; startsAt: string; endsAt: string } | null;
  createdAt: string;
  paidAt: string | null;
}

async function viewsOf(db: Database, rows: OrderRow[]): Promise<OrderView[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [items, refunds, ticketRows, bookingRows, sellers, disputeRows] = await Promise.all([
    db.select().from(orderItems).where(inArray(orderItems.orderId, ids)).orderBy(asc(orderItems.id)),
    db.select().from(orderRefunds).where(inArray(orderRefunds.orderId, ids)).orderBy(asc(orderRefunds.createdAt)),
    db.select().from(tickets).where(inArray(tickets.orderId, ids)).orderBy(asc(tickets.orderItemId), asc(tickets.seq)),
    db
      .select({ booking: bookings, startsAt: listingSlots.startsAt, endsAt: listingSlots.endsAt })
      .from(bookings)
      .innerJoin(listingSlots, eq(listingSlots.id, bookings.slotId))
      .where(inArray(bookings.orderId, ids)),
    db.select({ id: organisations.id, slug: organisations.slug, name: organisations.name }).from(organisations).where(inArray(organisations.id, [...new Set(rows.map((r) => r.organisationId))])),
    db.select().from(orderDisputes).where(inArray(orderDisputes.orderId, ids)).orderBy(asc(orderDisputes.createdAt)),
  ]);
  return rows.map((o) => {
    const own = items.filter((i) => i.orderId === o.id);
    const seller = sellers.find((s) => s.id === o.organisationId);
    const b = bookingRows.find((r) => r.booking.orderId === o.id);
    return {
      id: o.id,
      status: o.status,
      amount: o.amount,
      currency: o.currency,
      platformFee: o.platformFee,
      feeComputation: o.feeComputation,
      chargeType: o.chargeType,
      stripeAccount: o.stripeAccount,
      paymentIntentId: o.paymentIntentId,
      checkoutSessionId: o.checkoutSessionId,
      paidWith: o.paidWith,
      internalReferenceId: o.internalReferenceId,
      closedReason: o.closedReason,
      seller: { slug: seller?.slug ?? "", name: seller?.name ?? "" },
      items: own.map((i) => ({ id: i.id, listingId: i.listingId, kind: i.kind, title: i.title, quantity: i.quantity, unitAmount: i.unitAmount, amount: i.amount, slotId: i.slotId })),
      refunds: refunds.filter((r) => r.orderId === o.id).map((r) => ({ id: r.stripeRefundId ?? r.id, amount: r.amount, status: r.status, source: r.source, reason: r.reason, feeRefunded: r.feeRefunded, failureReason: r.failureReason, createdAt: r.createdAt.toISOString() })),
      disputes: disputeRows.filter((d) => d.orderId === o.id).map((d) => ({ id: d.stripeDisputeId, amount: d.amount, reason: d.reason, status: d.status, evidenceDueBy: d.evidenceDueBy?.toISOString() ?? null })),
      ...(own.some((i) => i.kind === "event_ticket") ? { tickets: ticketRows.filter((t) => t.orderId === o.id).map((t) => ({ id: t.id, code: t.code, listingId: t.listingId, seq: t.seq, voided: t.voidedAt !== null })) } : {}),
      ...(own.some((i) => i.kind === "service")
        ? { booking: b ? { id: b.booking.id, slotId: b.booking.slotId, status: b.booking.status, startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString() } : null }
        : {}),
      createdAt: o.createdAt.toISOString(),
      paidAt: o.paidAt?.toISOString() ?? null,
    };
  });
}

export async function orderView(db: Database, order: OrderRow): Promise<OrderView> {
  return (await viewsOf(db, [order]))[0];
}

/** The buyer's orders, newest first. */
export async function buyerOrders(db: Database, buyerUserId: string, limit = 100): Promise<OrderView[]> {
  const rows = await db.select().from(orders).where(eq(orders.buyerUserId, buyerUserId)).orderBy(desc(orders.createdAt), desc(orders.id)).limit(limit);
  return viewsOf(db, rows);
}

/** The orders of a seller organisation: those with an open dispute first, then newest first. */
export async function organisationOrders(db: Database, organisationId: string, limit = 100): Promise<(OrderView & { buyerEmail: string })[]> {
  const disputed = sql`exists (select 1 from ${orderDisputes} where ${orderDisputes.orderId} = ${orders.id} and ${orderDisputes.status} not in ('won', 'lost', 'warning_closed'))`;
  const rows = await db
    .select({ order: orders, email: users.email })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.buyerUserId))
    .where(eq(orders.organisationId, organisationId))
    .orderBy(desc(disputed), desc(orders.createdAt))
    .limit(limit);
  const views = await viewsOf(db, rows.map((r) => r.order));
  return views.map((v, i) => ({ ...v, buyerEmail: rows[i].email }));
}

/** The buyer's order paid through this Checkout Session (null for anyone else's). */
export async function buyerOrderBySession(db: Database, sessionId: string, buyerUserId: string): Promise<OrderRow | null> {
  const [row] = await db.select().from(orders).where(and(eq(orders.checkoutSessionId, sessionId), eq(orders.buyerUserId, buyerUserId))).limit(1);
  return row ?? null;
}
