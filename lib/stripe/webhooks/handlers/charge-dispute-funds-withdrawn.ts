import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** Stripe withdrew the disputed amount and the fee: posted once; the seller's transfer reversal is queued. */
export async function handleChargeDisputeFundsWithdrawn(tx: Database, event: Stripe.ChargeDisputeFundsWithdrawnEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.disputeChanged(tx, event.data.object, ctx);
}
