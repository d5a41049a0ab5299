import "server-only";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { checkoutStart, stripeUiMode, type CheckoutStart, type UiMode } from "@/lib/stripe/checkout-response";
import { idempotencyKey, stripe } from "@/lib/stripe/client";
import { walletCurrency } from "@/lib/wallet/accounts";
import type { PaymentCommand } from "@/lib/wallet/commands";
import { assertTopUpAmount, attachCheckoutSession, createPendingTopUp, discardPendingTopUp } from "@/lib/wallet/top-ups";
import { recordCheckoutSession } from "./checkout-sessions";
import { ensureStripeCustomer } from "./customers";
import { assertNoTransaction } from "./no-transaction";
import { walletShortfall, walletTopUp } from "./purposes";

/** Stripe's smallest card charge in USD-like currencies; a shortfall below it is charged at this amount. */
export const STRIPE_MINIMUM_CHARGE = 50;

export interface TopUpCheckoutInput {
  user: { id: string; email: string; name?: string | null };
  amount: number;
  uiMode: UiMode;
  kind: "manual" | "shortfall";
  /** For a shortfall: the payment to finish once the money is in (run in the crediting transaction). */
  command?: PaymentCommand;
}

/**
 * Starts a card top-up through Stripe Checkout. The wallet is credited only when the completed session is
 * settled (webhook or return page), never here.
 */
export async function startTopUpCheckout(db: Database, input: TopUpCheckoutInput): Promise<CheckoutStart & { topUpId: string }> {
  assertNoTransaction(db, "startTopUpCheckout");
  if (input.kind === "manual") assertTopUpAmount(input.amount);
  const amount = Math.max(input.amount, STRIPE_MINIMUM_CHARGE);
  const currency = walletCurrency();
  const customerId = await ensureStripeCustomer(db, input.user);
  const topUp = await createPendingTopUp(db, { userId: input.user.id, kind: input.kind, amount, command: input.command });
  const purpose = input.kind === "shortfall" ? walletShortfall : walletTopUp;
  const metadata = purpose.metadataFor({ plaza_user_id: input.user.id, plaza_top_up_id: topUp.id });
  const appUrl = env().appUrl;
  const returnUrl = `${appUrl}/wallet/top-ups/${topUp.id}?session_id={CHECKOUT_SESSION_ID}`;
  let session;
  try {
    session = await stripe().checkout.sessions.create(
      {
        mode: "payment",
        ui_mode: stripeUiMode(input.uiMode),
        customer: customerId,
        client_reference_id: topUp.id,
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency,
              unit_amount: amount,
              product_data: { name: input.kind === "shortfall" ? "Wallet top-up (to complete a payment)" : "Wallet top-up" },
            },
          },
        ],
        metadata,
        payment_intent_data: { metadata, description: `Plaza wallet top-up ${topUp.id}` },
        ...(input.uiMode === "hosted" ? { success_url: returnUrl, cancel_url: `${appUrl}/wallet?top_up=cancelled` } : { return_url: returnUrl }),
      },
      { idempotencyKey: idempotencyKey("top-up", topUp.id) },
    );
  } catch (e) {
    await discardPendingTopUp(db, topUp.id);
    throw new AppError("stripe_unavailable", `Stripe could not start the payment: ${e instanceof Error ? e.message : "unknown error"}. Try again in a moment.`);
  }
  await db.transaction(async (tx) => {
    await attachCheckoutSession(tx, topUp.id, session.id);
    await recordCheckoutSession(tx, session, null);
  });
  return { topUpId: topUp.id, ...checkoutStart(session) };
}
