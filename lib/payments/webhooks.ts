import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext } from "@/lib/stripe/webhooks/app";
import { topUpRefundChanged } from "./top-up-refunds";
import { checkoutSessionReads, settleCheckoutSession, settlePaymentIntent } from "./settle";

/** The payments side of the webhook: Checkout Sessions and PaymentIntents, settled through their purposes. */
export const paymentEvents = {
  readsFor(event: Stripe.Event) {
    if (event.type === "checkout.session.completed" || event.type === "checkout.session.expired") return checkoutSessionReads(event.data.object);
    return null;
  },
  checkoutSessionChanged: (tx: Database, session: Stripe.Checkout.Session, ctx: EventContext) =>
    settleCheckoutSession(tx, session, { stripeAccount: ctx.account, stripeEventId: ctx.eventId, reads: ctx.reads }),
  paymentIntentSucceeded: (tx: Database, pi: Stripe.PaymentIntent, ctx: EventContext) => settlePaymentIntent(tx, pi, { stripeEventId: ctx.eventId, reads: ctx.reads }),
  topUpRefundChanged,
};
