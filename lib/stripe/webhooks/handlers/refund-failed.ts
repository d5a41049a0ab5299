import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/**
 * A refund failed: an order's refund (lib/marketplace) or a wallet top-up's refund to card (lib/payments) follows, once.
 * Each domain ignores refunds that are not its own.
 */
export async function handleRefundFailed(tx: Database, event: Stripe.RefundFailedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.refundChanged(tx, event.data.object, ctx);
  await app.topUpRefundChanged(tx, event.data.object, ctx);
}
