import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** The session is paid (or the card saved): recorded and fulfilled in this same transaction. */
export async function handleCheckoutSessionCompleted(tx: Database, event: Stripe.CheckoutSessionCompletedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.checkoutSessionChanged(tx, event.data.object, ctx);
}
