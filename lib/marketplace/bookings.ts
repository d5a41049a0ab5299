import "server-only";
import { and, eq, lt } from "drizzle-orm";
import Stripe from "stripe";
import { z } from "zod";
import type { Database } from "@/db/client";
import { bookings, listingSlots, orders, organisations, users } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { enqueueEmail } from "@/lib/notify/outbox";
import { assertNoTransaction } from "@/lib/payments/no-transaction";
import { idempotencyKey, stripe } from "@/lib/stripe/client";
import { aftersaleEmails } from "./aftersale-emails";
import { lockOrder, orderNotFound, orderView, postCardSale, type OrderRow, type OrderView } from "./orders";

/** An order of a booked service, with its seller's slug (for the role check); 404 order_not_found otherwise. */
export async function bookedOrder(db: Database, orderId: string): Promise<{ order: OrderRow; sellerSlug: string }> {
  if (!z.uuid().safeParse(orderId).success) throw orderNotFound();
  const [row] = await db.select({ order: orders, slug: organisations.slug }).from(orders).innerJoin(organisations, eq(organisations.id, orders.organisationId)).where(eq(orders.id, orderId));
  if (!row) throw orderNotFound();
  return { order: row.order, sellerSlug: row.slug };
}

function notAuthorised(order: OrderRow): AppError {
  return new AppError("conflict", order.status === "paid" ? "This booking is already confirmed and paid." : `This booking can't be confirmed or declined: the order is ${order.status.replaceAll("_", " ")}.`);
}

async function tellBuyer(tx: Database, order: OrderRow, confirmed: boolean) {
  const [buyer] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, order.buyerUserId));
  if (!buyer) return;
  await enqueueEmail(tx, {
    to: buyer.email,
    userId: buyer.id,
    template: confirmed ? "booking_confirmed" : "booking_declined",
    subject: confirmed ? "Your booking is confirmed" : "Your booking was declined",
    body: confirmed
      ? `The seller confirmed your booking and your card was charged.\n\n${env().appUrl}/orders/${order.id}`
      : `The seller could not take your booking. The authorisation on your card was released: you were not charged.\n\n${env().appUrl}/orders/${order.id}`,
  });
}

/** The seller confirms a booked service: the authorised payment is captured (at Stripe first), then the order is paid. */
export async function confirmBooking(db: Database, order: OrderRow): Promise<OrderView> {
  assertNoTransaction(db, "confirmBooking");
  if (order.status !== "authorised" || !order.paymentIntentId) throw notAuthorised(order);
  const opts = order.chargeType === "direct" && order.stripeAccount ? { stripeAccount: order.stripeAccount } : {};
  const pi = await stripe().paymentIntents.capture(order.paymentIntentId, {}, { ...opts, idempotencyKey: idempotencyKey("order-capture", order.id) });
  if (pi.status !== "succeeded") throw new AppError("conflict", `Stripe could not capture the payment (it is ${pi.status.replaceAll("_", " ")}); the booking stays unconfirmed.`);
  await db.transaction(async (tx) => {
    const locked = await lockOrder(tx, order.id);
    if (!locked || locked.status !== "authorised") return;
    await tx.update(orders).set({ status: "paid", paidAt: new Date() }).where(eq(orders.id, order.id));
    await tx.update(bookings).set({ status: "confirmed" }).where(eq(bookings.orderId, order.id));
    await postCardSale(tx, locked, { paidWith: "checkout", paymentIntentId: pi.id, stripeEventId: null, authorisedOnly: false });
    await tellBuyer(tx, locked, true);
    await aftersaleEmails.bookingAnswered(tx, locked, true);
  });
  const [fresh] = await db.select().from(orders).where(eq(orders.id, order.id));
  return orderView(db, fresh);
}

/** The seller declines a booked service: the authorisation is released and the slot is free again. */
export async function declineBooking(db: Database, order: OrderRow): Promise<OrderView> {
  assertNoTransaction(db, "declineBooking");
  if (order.status !== "authorised" || !order.paymentIntentId) throw notAuthorised(order);
  await cancelAuthorisation(order);
  await db.transaction((tx) => releaseBooking(tx, order.id, "declined"));
  const [fresh] = await db.select().from(orders).where(eq(orders.id, order.id));
  return orderView(db, fresh);
}

async function cancelAuthorisation(order: OrderRow): Promise<void> {
  if (!order.paymentIntentId) return;
  const opts = order.chargeType === "direct" && order.stripeAccount ? { stripeAccount: order.stripeAccount } : {};
  try {
    await stripe().paymentIntents.cancel(order.paymentIntentId, {}, { ...opts, idempotencyKey: idempotencyKey("order-release", order.id) });
  } catch (e) {
    // Already cancelled at Stripe (it lapsed, or an earlier attempt got through): release it here too.
    if (!(e instanceof Stripe.errors.StripeInvalidRequestError && e.code === "payment_intent_unexpected_state")) throw e;
  }
}

/**
 * Releases an authorised booking inside the caller's transaction: the order is released, the booking
 * declined (by the seller) or released (it lapsed or Stripe cancelled it), the slot free again, and both
 * parties told. Only an order still authorised moves, so a repeat (job, webhook, seller) is harmless.
 */
export async function releaseBooking(tx: Database, orderId: string, why: "declined" | "lapsed"): Promise<boolean> {
  const locked = await lockOrder(tx, orderId);
  if (!locked || locked.status !== "authorised") return false;
  await tx.update(orders).set({ status: "released", closedReason: why, closedAt: new Date() }).where(eq(orders.id, orderId));
  await tx.update(bookings).set({ status: why === "declined" ? "declined" : "released" }).where(eq(bookings.orderId, orderId));
  await tx.update(listingSlots).set({ heldByOrderId: null }).where(and(eq(listingSlots.heldByOrderId, orderId)));
  if (why === "declined") {
    await tellBuyer(tx, locked, false);
    await aftersaleEmails.bookingAnswered(tx, locked, false);
  } else {
    await aftersaleEmails.bookingLapsed(tx, locked);
  }
  return true;
}

/** `charge.expired` / `payment_intent.canceled`: the authorisation ended at Stripe; an unconfirmed booking is released. */
export async function authorisationEnded(tx: Database, paymentIntentId: string | null): Promise<void> {
  if (!paymentIntentId) return;
  const [o] = await tx.select({ id: orders.id }).from(orders).where(and(eq(orders.paymentIntentId, paymentIntentId), eq(orders.status, "authorised")));
  if (o) await releaseBooking(tx, o.id, "lapsed");
}

/** Card authorisations lapse after 7 days (Visa's merchant-initiated window is shorter); Plaza releases them after 6. */
export const AUTHORISATION_RELEASE_AFTER_MS = 6 * 86_400_000;

/**
 * The worker's job: bookings nobody confirmed are released before their authorisation would lapse (6 days
 * after it was made), at Stripe first (no transaction open), then here. Returns how many were released.
 */
export async function releaseLapsingAuthorisations(db: Database, now = new Date()): Promise<number> {
  assertNoTransaction(db, "releaseLapsingAuthorisations");
  const due = await db
    .select({ order: orders })
    .from(orders)
    .innerJoin(bookings, eq(bookings.orderId, orders.id))
    .where(and(eq(orders.status, "authorised"), eq(bookings.status, "awaiting_confirmation"), lt(bookings.createdAt, new Date(now.getTime() - AUTHORISATION_RELEASE_AFTER_MS))))
    .limit(100);
  let n = 0;
  for (const { order } of due) {
    try {
      await cancelAuthorisation(order);
      if (await db.transaction((tx) => releaseBooking(tx, order.id, "lapsed"))) n++;
    } catch (e) {
      console.warn("[plaza] could not release the lapsing authorisation of order", order.id, e instanceof Error ? e.message : e);
    }
  }
  return n;
}
