import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** A refund was created (by Plaza or in the Dashboard): recorded on its order and in the ledger once. */
export async function handleRefundCreated(tx: Database, event: Stripe.RefundCreatedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.refundChanged(tx, event.data.object, ctx);
}
