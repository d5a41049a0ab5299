import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { recordCheckoutSession } from "@/lib/stripe/checkout-sessions";
import { fulfilCheckoutSession } from "@/lib/wallet/fulfilment";

/** The session is paid (or the card saved): record it and fulfil it in this same transaction. */
export async function handleCheckoutSessionCompleted(tx: Database, event: Stripe.CheckoutSessionCompletedEvent): Promise<void> {
  await recordCheckoutSession(tx, event.data.object, event.account ?? null);
  await fulfilCheckoutSession(tx, event.data.object, { stripeEventId: event.id });
}
