import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** A won dispute's funds came back: posted once; the seller's transfer is returned. */
export async function handleChargeDisputeFundsReinstated(tx: Database, event: Stripe.ChargeDisputeFundsReinstatedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.disputeChanged(tx, event.data.object, ctx);
}
