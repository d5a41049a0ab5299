import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** An uncaptured charge expired: an unconfirmed booking is released and both parties told. */
export async function handleChargeExpired(tx: Database, event: Stripe.ChargeExpiredEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.chargeExpired(tx, event.data.object, ctx);
}
