import "server-only";
import type { Database } from "@/db/client";
import { assertNoTransaction } from "@/lib/payments/no-transaction";
import { settleCheckoutSession } from "@/lib/payments/settle";
import { env } from "@/lib/env";
import { publishableKey, stripe } from "@/lib/stripe/client";
import type { OrderRow } from "./orders";
import { makePendingRefunds } from "./refunds";

export { makePendingRefunds };

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

export type OrderEmbeddedState = { ok: true; clientSecret: string; publishableKey: string; scriptUrl: string | null; stripeAccount: string | null } | { ok: false; problem: string };

/** What the browser needs to mount the order's embedded Checkout (on the seller's account for direct charges). */
export async function orderEmbeddedCheckout(order: OrderRow): Promise<OrderEmbeddedState> {
  if (order.status !== "awaiting_payment" || order.paymentRoute !== "checkout" || !order.checkoutSessionId) {
    return { ok: false, problem: order.status === "awaiting_payment" ? "This order is no longer paid through this checkout." : "This order is not awaiting payment any more." };
  }
  const stripeAccount = order.chargeType === "direct" ? order.stripeAccount : null;
  try {
    const session = await stripe().checkout.sessions.retrieve(order.checkoutSessionId, {}, stripeAccount ? { stripeAccount } : {});
    if (session.status !== "open") return { ok: false, problem: session.status === "complete" ? "This order is already paid." : "This checkout has expired. Start again from the listing." };
    if (!session.client_secret) return { ok: false, problem: "This checkout can't be shown on this page. Start again and choose Stripe's payment page." };
    const e = env();
    return { ok: true, clientSecret: session.client_secret, publishableKey: await publishableKey(), scriptUrl: e.stripeMode === "emulator" ? `${e.emulatorUrl}/js/stripe.js` : null, stripeAccount };
  } catch (e) {
    console.error("[plaza] could not retrieve the order's checkout session", order.checkoutSessionId, e instanceof Error ? e.message : e);
    return { ok: false, problem: "We couldn't reach Stripe just now. Reload the page to try again." };
  }
}
