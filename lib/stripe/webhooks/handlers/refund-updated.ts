import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** A refund changed (succeeded, failed later, cancelled): the order and the ledger follow, once. */
export async function handleRefundUpdated(tx: Database, event: Stripe.RefundUpdatedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.refundChanged(tx, event.data.object, ctx);
}
