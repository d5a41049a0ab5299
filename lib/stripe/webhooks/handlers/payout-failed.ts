import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** A payout to a connected account's bank failed: its owners must hear of it (nothing rolls on unseen). */
export async function handlePayoutFailed(tx: Database, event: Stripe.PayoutFailedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.payoutFailed(tx, event.data.object, ctx);
}
