import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { recordCheckoutSession } from "@/lib/stripe/checkout-sessions";
import { fulfilCheckoutSession } from "@/lib/wallet/fulfilment";

/** The buyer never paid: expire the session unless a (possibly reordered) completion already landed. */
export async function handleCheckoutSessionExpired(tx: Database, event: Stripe.CheckoutSessionExpiredEvent): Promise<void> {
  await recordCheckoutSession(tx, event.data.object, event.account ?? null);
  await fulfilCheckoutSession(tx, event.data.object, { stripeEventId: event.id });
}
