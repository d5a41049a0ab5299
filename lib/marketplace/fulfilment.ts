import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { closeUnpaidOrder, fulfilOrder, lockOrder, recordLatePayment } from "./orders";

function idOf(v: string | { id: string } | null): string | null {
  return typeof v === "string" ? v : (v?.id ?? null);
}
/**
 * The order purpose's fulfilment and expiry (lib/payments/purposes.ts), inside the settlement transaction:
 * a completed session of the order's current checkout fulfils it once; a completed session of a checkout
 * Plaza already closed (superseded, expired) is a late payment, refunded; an expired session closes the order
 * and releases its stock.
 */
export async function settleOrderSession(tx: Database, session: Stripe.Checkout.Session, orderId: string, ctx: { stripeEventId: string | null }): Promise<void> {
  const order = await lockOrder(tx, orderId);
  if (!order) throw new Error(`order ${orderId} of session ${session.id} does not exist`);
  // The order's current way to pay is this session (not one it superseded, nor the charge API since).
  const current = order.paymentRoute === "checkout" && (order.checkoutSessionId === session.id || order.checkoutSessionId === null);
  if (session.status === "expired") {
    if (current) await closeUnpaidOrder(tx, order.id, "expired", "checkout_expired");
    return;
  }
  if (session.status !== "complete") return;
  const manual = order.captureMethod === "manual";
  // Manual capture: the card is authorised when the session completes (Stripe reports it unpaid until capture).
  if (!manual && session.payment_status !== "paid") return;
  const paymentIntentId = idOf(session.payment_intent);
  if (!current || order.status === "cancelled" || order.status === "expired") {
    if (paymentIntentId) await recordLatePayment(tx, order, { checkoutSessionId: session.id, paymentIntentId, amount: session.amount_total ?? order.amount, currency: session.currency ?? order.currency, stripeAccount: order.chargeType === "direct" ? order.stripeAccount : null });
    return;
  }
  await fulfilOrder(tx, order.id, { paidWith: "checkout", paymentIntentId, stripeEventId: ctx.stripeEventId, authorisedOnly: manual });
}


/** A PaymentIntent of the charge API succeeded (the webhook's copy of what the API itself saw): fulfils once. */
export async function settleOrderPaymentIntent(tx: Database, pi: Stripe.PaymentIntent, orderId: string, ctx: { stripeEventId: string | null }): Promise<void> {
  const order = await lockOrder(tx, orderId);
  if (!order) throw new Error(`order ${orderId} of payment ${pi.id} does not exist`);
  if (order.paymentIntentId !== pi.id) return;
  if (pi.status === "succeeded") await fulfilOrder(tx, order.id, { paidWith: "card", paymentIntentId: pi.id, stripeEventId: ctx.stripeEventId, authorisedOnly: false });
  else if (pi.status === "requires_capture") await fulfilOrder(tx, order.id, { paidWith: "card", paymentIntentId: pi.id, stripeEventId: ctx.stripeEventId, authorisedOnly: true });
}
