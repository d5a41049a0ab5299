import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** A refund failed at the card network: the wallet top-up refund's hold is undone (once). */
export async function handleRefundFailed(tx: Database, event: Stripe.RefundFailedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.topUpRefundChanged(tx, event.data.object, ctx);
}
