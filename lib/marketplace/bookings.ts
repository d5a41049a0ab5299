import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { bookings, listingSlots, orders, organisations, users } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { enqueueEmail } from "@/lib/notify/outbox";
import { assertNoTransaction } from "@/lib/payments/no-transaction";
import { idempotencyKey, stripe } from "@/lib/stripe/client";
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
  });
  const [fresh] = await db.select().from(orders).where(eq(orders.id, order.id));
  return orderView(db, fresh);
}

/** The seller declines a booked service: the authorisation is released and the slot is free again. */
export async function declineBooking(db: Database, order: OrderRow): Promise<OrderView> {
  assertNoTransaction(db, "declineBooking");
  if (order.status !== "authorised" || !order.paymentIntentId) throw notAuthorised(order);
  const opts = order.chargeType === "direct" && order.stripeAccount ? { stripeAccount: order.stripeAccount } : {};
  await stripe().paymentIntents.cancel(order.paymentIntentId, {}, { ...opts, idempotencyKey: idempotencyKey("order-release", order.id) });
  await db.transaction(async (tx) => {
    const locked = await lockOrder(tx, order.id);
    if (!locked || locked.status !== "authorised") return;
    await tx.update(orders).set({ status: "released", closedReason: "declined", closedAt: new Date() }).where(eq(orders.id, order.id));
    await tx.update(bookings).set({ status: "declined" }).where(eq(bookings.orderId, order.id));
    await tx.update(listingSlots).set({ heldByOrderId: null }).where(and(eq(listingSlots.heldByOrderId, order.id)));
    await tellBuyer(tx, locked, false);
  });
  const [fresh] = await db.select().from(orders).where(eq(orders.id, order.id));
  return orderView(db, fresh);
}
