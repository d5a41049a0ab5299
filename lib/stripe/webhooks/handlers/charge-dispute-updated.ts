import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** A dispute changed (evidence submitted, under review). */
export async function handleChargeDisputeUpdated(tx: Database, event: Stripe.ChargeDisputeUpdatedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.disputeChanged(tx, event.data.object, ctx);
}
