import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext } from "@/lib/stripe/webhooks/app";
import { authorisationEnded } from "./bookings";
import { recordDispute, settleDisputeTransfers } from "./disputes";
import { makePendingRefunds, recordChargeRefunds, recordStripeRefund, unwindDashboardRefunds } from "./refunds";

function idOf(v: string | { id: string } | null | undefined): string | null {
  return typeof v === "string" ? v : (v?.id ?? null);
}

const facts = (ctx: EventContext) => ({ stripeAccount: ctx.account, stripeEventId: ctx.eventId });

/** The marketplace side of the webhook: refunds, disputes and lapsed authorisations, and the Stripe work they leave for after the commit. */
export const marketplaceEvents = {
  async refundChanged(tx: Database, refund: Stripe.Refund, ctx: EventContext): Promise<void> {
    await recordStripeRefund(tx, refund, facts(ctx));
  },
  async chargeRefunded(tx: Database, charge: Stripe.Charge, ctx: EventContext): Promise<void> {
    await recordChargeRefunds(tx, charge, facts(ctx));
  },
  async disputeChanged(tx: Database, dispute: Stripe.Dispute, ctx: EventContext): Promise<void> {
    await recordDispute(tx, dispute, facts(ctx));
  },
  async chargeExpired(tx: Database, charge: Stripe.Charge): Promise<void> {
    await authorisationEnded(tx, idOf(charge.payment_intent));
  },
  async paymentIntentCanceled(tx: Database, pi: Stripe.PaymentIntent): Promise<void> {
    await authorisationEnded(tx, pi.id);
  },
  async afterCommit(db: Database, event: Stripe.Event): Promise<void> {
    if (event.type === "checkout.session.completed" || event.type === "payment_intent.succeeded") await makePendingRefunds(db);
    if (event.type === "charge.refunded" || event.type === "refund.created") await unwindDashboardRefunds(db);
    if (event.type.startsWith("charge.dispute.")) await settleDisputeTransfers(db);
  },
};
