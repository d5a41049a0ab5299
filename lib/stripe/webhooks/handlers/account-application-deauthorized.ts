import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/**
 * The seller disconnected Plaza from their Stripe account. Connect events carry the connected account's id
 * in `event.account` (in the context); data.object is the platform application, not the account.
 */
export async function handleAccountApplicationDeauthorized(tx: Database, event: Stripe.AccountApplicationDeauthorizedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  if (!event.account) return;
  await app.applicationDeauthorized(tx, ctx);
}
