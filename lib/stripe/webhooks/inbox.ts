import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { stripeEvents } from "@/db/schema";

/**
 * Stores a verified event in the inbox. Returns false for a duplicate delivery (same event id), which is
 * acknowledged without being stored or processed twice.
 */
export async function storeEvent(db: Database, event: Stripe.Event): Promise<boolean> {
  const inserted = await db
    .insert(stripeEvents)
    .values({
      id: event.id,
      type: event.type,
      account: event.account ?? null,
      apiVersion: event.api_version,
      livemode: event.livemode,
      stripeCreatedAt: new Date(event.created * 1000),
      payload: event,
    })
    .onConflictDoNothing({ target: stripeEvents.id })
    .returning({ id: stripeEvents.id });
  return inserted.length === 1;
}
