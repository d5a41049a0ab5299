import "server-only";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { orderRefunds, orders } from "@/db/schema";
import { assertNoTransaction } from "@/lib/payments/no-transaction";
import { settleCheckoutSession } from "@/lib/payments/settle";
import { idempotencyKey, stripe } from "@/lib/stripe/client";
import type { OrderRow } from "./orders";

/**
 * Makes the refunds Plaza decided on at Stripe (after the transaction that decided them): the full amount,
 * reversing the seller's transfer and refunding the application fee on destination charges, on the
 * connected account for direct charges. Idempotency keys from the refund's id make a repeat harmless.
 */
export async function makePendingRefunds(db: Database, orderId?: string): Promise<number> {
  assertNoTransaction(db, "makePendingRefunds");
  const pending = await db
    .select({ refund: orderRefunds, chargeType: orders.chargeType })
    .from(orderRefunds)
    .innerJoin(orders, eq(orders.id, orderRefunds.orderId))
    .where(and(eq(orderRefunds.status, "pending"), orderId ? eq(orderRefunds.orderId, orderId) : undefined))
    .limit(50);
  let made = 0;
  for (const { refund: r, chargeType } of pending) {
    try {
      const refund = await stripe().refunds.create(
        {
          payment_intent: r.paymentIntentId,
          amount: r.amount,
          ...(chargeType === "destination" ? { reverse_transfer: true, refund_application_fee: true } : chargeType === "direct" ? { refund_application_fee: true } : {}),
          metadata: { plaza_order_id: r.orderId, plaza_refund_id: r.id },
        },
        { idempotencyKey: idempotencyKey("order-refund", r.id), ...(r.stripeAccount ? { stripeAccount: r.stripeAccount } : {}) },
      );
      await db
        .update(orderRefunds)
        .set({ stripeRefundId: refund.id, status: refund.status ?? "pending" })
        .where(and(eq(orderRefunds.id, r.id), eq(orderRefunds.status, "pending")));
      made++;
    } catch (e) {
      console.warn("[plaza] refund of order", r.orderId, "failed; it stays pending and is retried", e instanceof Error ? e.message : e);
    }
  }
  return made;
}

/**
 * The order page's path (also after the return from Checkout): read the order's session from Stripe with no
 * transaction open, settle it exactly as the webhook does, then make any refund it decided.
 */
export async function syncOrderCheckout(db: Database, order: OrderRow): Promise<void> {
  assertNoTransaction(db, "syncOrderCheckout");
  if (!order.checkoutSessionId) return;
  const stripeAccount = order.chargeType === "direct" ? order.stripeAccount : null;
  const session = await stripe().checkout.sessions.retrieve(order.checkoutSessionId, {}, stripeAccount ? { stripeAccount } : {});
  await db.transaction((tx) => settleCheckoutSession(tx, session, { stripeAccount, stripeEventId: null, reads: {} }));
  await makePendingRefunds(db, order.id);
}
