import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { creditTopUp } from "@/lib/wallet/top-ups";

/**
 * An automatic top-up's off-session PaymentIntent succeeded. Usually the synchronous path credited it
 * already; this covers the process dying between Stripe's answer and the credit (idempotent either way).
 */
export async function handlePaymentIntentSucceeded(tx: Database, event: Stripe.PaymentIntentSucceededEvent): Promise<void> {
  const pi = event.data.object;
  const topUpId = pi.metadata?.plaza_top_up_id;
  if (pi.metadata?.plaza_purpose !== "wallet_auto_top_up" || !topUpId) return;
  await creditTopUp(tx, topUpId, { amount: pi.amount_received, paymentIntentId: pi.id, stripeEventId: event.id });
}
