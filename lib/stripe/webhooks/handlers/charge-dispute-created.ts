import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** A dispute opened: recorded on the order with its deadline; seller and platform admins emailed. */
export async function handleChargeDisputeCreated(tx: Database, event: Stripe.ChargeDisputeCreatedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.disputeChanged(tx, event.data.object, ctx);
}
