import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/**
 * A refund changed status (pending -> succeeded, or succeeded -> failed for a closed card). Wallet top-up
 * refunds settle through lib/payments; an order's refund is not theirs and is left alone there.
 */
export async function handleRefundUpdated(tx: Database, event: Stripe.RefundUpdatedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.topUpRefundChanged(tx, event.data.object, ctx);
}
