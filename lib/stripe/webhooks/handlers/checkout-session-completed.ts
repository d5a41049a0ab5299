import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { recordCheckoutSession } from "@/lib/stripe/checkout-sessions";

/** The session is paid (or the card saved): record it as complete; fulfilment hangs on this same transaction. */
export async function handleCheckoutSessionCompleted(tx: Database, event: Stripe.CheckoutSessionCompletedEvent): Promise<void> {
  await recordCheckoutSession(tx, event.data.object, event.account ?? null);
}
