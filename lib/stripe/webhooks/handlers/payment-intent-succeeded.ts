import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/**
 * An off-session PaymentIntent succeeded. Usually the synchronous path recorded it already; this covers the
 * process dying between Stripe's answer and the write (idempotent either way).
 */
export async function handlePaymentIntentSucceeded(tx: Database, event: Stripe.PaymentIntentSucceededEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.paymentIntentSucceeded(tx, event.data.object, ctx);
}
