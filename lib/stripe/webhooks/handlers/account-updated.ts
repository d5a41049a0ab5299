import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

export async function handleAccountUpdated(tx: Database, event: Stripe.AccountUpdatedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.accountUpdated(tx, event.data.object, ctx);
}
