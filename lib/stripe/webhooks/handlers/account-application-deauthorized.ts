import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { markAccountDeauthorized } from "@/lib/stripe/connected-accounts";

/** The seller disconnected Plaza from their Stripe account: they can no longer sell until they reconnect. */
export async function handleAccountApplicationDeauthorized(tx: Database, event: Stripe.AccountApplicationDeauthorizedEvent): Promise<void> {
  // Connect events carry the connected account's id in `account`; data.object is the platform application.
  if (!event.account) return;
  await markAccountDeauthorized(tx, event.account, new Date(event.created * 1000));
}
