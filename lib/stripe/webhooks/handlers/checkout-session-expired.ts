import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** The buyer never paid: expired, unless a (possibly reordered) completion already landed. */
export async function handleCheckoutSessionExpired(tx: Database, event: Stripe.CheckoutSessionExpiredEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.checkoutSessionChanged(tx, event.data.object, ctx);
}
