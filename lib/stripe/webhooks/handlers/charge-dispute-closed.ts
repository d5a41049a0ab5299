import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** A dispute closed (won or lost); it never reopens from a late copy. */
export async function handleChargeDisputeClosed(tx: Database, event: Stripe.ChargeDisputeClosedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.disputeChanged(tx, event.data.object, ctx);
}
