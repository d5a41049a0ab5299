import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** A refund failed: shown on the order, and its ledger posting undone once. */
export async function handleRefundFailed(tx: Database, event: Stripe.RefundFailedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.refundChanged(tx, event.data.object, ctx);
}
