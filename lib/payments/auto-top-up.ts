import "server-only";
import Stripe from "stripe";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { checkoutStart, stripeUiMode, type CheckoutStart, type UiMode } from "@/lib/stripe/checkout-response";
import { idempotencyKey, stripe } from "@/lib/stripe/client";
import { walletCurrency } from "@/lib/wallet/accounts";
import { beginAutoTopUpSetup, planAutoTopUp } from "@/lib/wallet/auto-top-up";
import { walletEmails } from "@/lib/wallet/emails";
import { getWalletSettings, updateWalletSettings } from "@/lib/wallet/settings";
import { assertTopUpAmount, createPendingTopUp, creditTopUp, markTopUpClosed } from "@/lib/wallet/top-ups";
import { recordCheckoutSession } from "./checkout-sessions";
import { ensureStripeCustomer } from "./customers";
import { assertNoTransaction } from "./no-transaction";
import { autoTopUpSetup, walletAutoTopUp } from "./purposes";

/**
 * Saving a card for automatic top-ups: Checkout in setup mode. Auto top-up turns on only when the completed
 * session is settled (webhook or return page).
 */
export async function startAutoTopUpSetup(db: Database, user: { id: string; email: string; name?: string | null }, input: { amount: number; uiMode: UiMode }): Promise<CheckoutStart> {
  assertNoTransaction(db, "startAutoTopUpSetup");
  assertTopUpAmount(input.amount);
  const customerId = await ensureStripeCustomer(db, user);
  const settings = await getWalletSettings(db, user.id);
  const attempt = `${user.id}:${settings.updatedAt.getTime()}`;
  const metadata = autoTopUpSetup.metadataFor({ plaza_user_id: user.id });
  const returnUrl = `${env().appUrl}/wallet?auto_top_up=returned&session_id={CHECKOUT_SESSION_ID}`;
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe().checkout.sessions.create(
      {
        mode: "setup",
        ui_mode: stripeUiMode(input.uiMode),
        currency: walletCurrency(),
        customer: customerId,
        metadata,
        setup_intent_data: { metadata },
        ...(input.uiMode === "hosted" ? { success_url: returnUrl, cancel_url: `${env().appUrl}/wallet?auto_top_up=cancelled` } : { return_url: returnUrl }),
      },
      { idempotencyKey: idempotencyKey("auto-top-up-setup", attempt) },
    );
  } catch (e) {
    throw new AppError("stripe_unavailable", `Stripe could not start saving your card: ${e instanceof Error ? e.message : "unknown error"}. Try again in a moment.`);
  }
  await db.transaction(async (tx) => {
    await recordCheckoutSession(tx, session, null);
    await beginAutoTopUpSetup(tx, user.id, input.amount, session.id);
  });
  return checkoutStart(session);
}

export type AutoTopUpResult = { attempted: false } | { attempted: true; ok: true; amount: number } | { attempted: true; ok: false; reason: string };

/**
 * Before a payment: when the wallet's rule says so, charge the saved card off-session first (no transaction
 * is open during the charge). A decline or a card that needs authentication turns auto top-up off and emails
 * the member; the payment then fails cleanly for lack of funds.
 */
export async function chargeAutoTopUpIfNeeded(db: Database, payer: { id: string; email: string }, payment: number): Promise<AutoTopUpResult> {
  assertNoTransaction(db, "chargeAutoTopUpIfNeeded");
  const plan = await planAutoTopUp(db, payer.id, payment);
  if (!plan) return { attempted: false };
  const { amount } = plan;
  const currency = walletCurrency();
  const customerId = await ensureStripeCustomer(db, payer);
  const topUp = await createPendingTopUp(db, { userId: payer.id, kind: "auto", amount });
  const metadata = walletAutoTopUp.metadataFor({ plaza_user_id: payer.id, plaza_top_up_id: topUp.id });
  try {
    const pi = await stripe().paymentIntents.create(
      { amount, currency, customer: customerId, payment_method: plan.paymentMethodId, off_session: true, confirm: true, metadata, description: `Plaza automatic top-up ${topUp.id}` },
      { idempotencyKey: idempotencyKey("auto-top-up", topUp.id) },
    );
    if (pi.status !== "succeeded") throw new Error(`the payment is ${pi.status.replaceAll("_", " ")}`);
    await db.transaction((tx) => creditTopUp(tx, topUp.id, { amount: pi.amount_received, paymentIntentId: pi.id }));
    return { attempted: true, ok: true, amount };
  } catch (e) {
    const reason =
      e instanceof Stripe.errors.StripeCardError
        ? e.code === "authentication_required"
          ? "your bank asks you to authenticate this payment"
          : (e.message ?? "your card was declined")
        : e instanceof Error
          ? e.message
          : "the card could not be charged";
    await db.transaction(async (tx) => {
      await markTopUpClosed(tx, topUp.id, "failed", reason);
      await updateWalletSettings(tx, payer.id, { autoTopUpStatus: "off" });
      await walletEmails.autoTopUpFailed(tx, payer, { amount, currency }, reason);
    });
    return { attempted: true, ok: false, reason };
  }
}
