import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "../app";

/** A capability (card payments, transfers) of a connected account changed status: its account is re-read. */
export async function handleCapabilityUpdated(tx: Database, event: Stripe.CapabilityUpdatedEvent, app: WebhookApp, ctx: EventContext): Promise<void> {
  await app.capabilityUpdated(tx, event.data.object, ctx);
}
