import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** A charge was refunded (also partly, also from the Dashboard): each refund listed on it is recorded once. */
export async function handleChargeRefunded(tx: Database, event: Stripe.ChargeRefundedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.chargeRefunded(tx, event.data.object, ctx);
}
