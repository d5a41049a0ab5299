import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { mirrorConnectedAccount } from "@/lib/stripe/connected-accounts";

export async function handleAccountUpdated(tx: Database, event: Stripe.AccountUpdatedEvent): Promise<void> {
  await mirrorConnectedAccount(tx, event.data.object, new Date(event.created * 1000));
}
