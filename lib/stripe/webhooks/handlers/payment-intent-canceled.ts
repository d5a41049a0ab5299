import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** A PaymentIntent was cancelled (a lapsed authorisation): an unconfirmed booking is released. */
export async function handlePaymentIntentCanceled(tx: Database, event: Stripe.PaymentIntentCanceledEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.paymentIntentCanceled(tx, event.data.object, ctx);
}
