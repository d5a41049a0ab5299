import "server-only";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import type { Database } from "@/db/client";
import { walletSettings, walletTopUps } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { autoTopUpAmount } from "@/lib/money";
import { recordCheckoutSession } from "@/lib/stripe/checkout-sessions";
import { checkoutStart, stripeUiMode, type CheckoutStart, type UiMode } from "@/lib/stripe/checkout-response";
import { idempotencyKey, stripe } from "@/lib/stripe/client";
import { walletBalance, walletCurrency } from "./accounts";
import { ensureStripeCustomer } from "./customers";
import { walletEmails } from "./emails";
import { getWalletSettings, updateWalletSettings } from "./settings";
import { assertTopUpAmount, creditTopUp, markTopUpClosed } from "./top-ups";

/**
 * Saving a card for automatic top-ups: Checkout in setup mode. Status goes off -> pending here, and
 * pending -> on only when the completed session arrives (webhook or return page).
 */
export async function startAutoTopUpSetup(db: Database, user: { id: string; email: string; name?: string | null }, input: { amount: number; uiMode: UiMode }): Promise<CheckoutStart> {
  assertTopUpAmount(input.amount);
  const customerId = await ensureStripeCustomer(db, user);
  const settings = await getWalletSettings(db, user.id);
  const attempt = `${user.id}:${settings.updatedAt.getTime()}`;
  const metadata = { plaza_purpose: "auto_top_up_setup", plaza_user_id: user.id };
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
    await updateWalletSettings(tx, user.id, { autoTopUpStatus: "pending", autoTopUpAmount: input.amount, setupSessionId: session.id });
  });
  return checkoutStart(session);
}

/** The setup session completed: remember the saved card and turn auto top-up on (idempotent). */
export async function completeAutoTopUpSetup(tx: Database, userId: string, session: Stripe.Checkout.Session): Promise<void> {
  const setupIntentId = typeof session.setup_intent === "string" ? session.setup_intent : session.setup_intent?.id;
  if (!setupIntentId) return;
  const setupIntent = await stripe().setupIntents.retrieve(setupIntentId, { expand: ["payment_method"] });
  const pm = setupIntent.payment_method;
  if (setupIntent.status !== "succeeded" || !pm) return;
  const paymentMethodId = typeof pm === "string" ? pm : pm.id;
  const card = typeof pm === "string" ? null : pm.card;
  await tx
    .update(walletSettings)
    .set({
      autoTopUpStatus: "on",
      paymentMethodId,
      cardLabel: card ? `${card.brand.toUpperCase()} •••• ${card.last4}` : "Saved card",
      updatedAt: new Date(),
    })
    .where(and(eq(walletSettings.userId, userId), eq(walletSettings.setupSessionId, session.id)));
}

/** An abandoned setup session puts a still-pending auto top-up back to off. */
export async function abandonAutoTopUpSetup(tx: Database, userId: string, sessionId: string): Promise<void> {
  await tx
    .update(walletSettings)
    .set({ autoTopUpStatus: "off", updatedAt: new Date() })
    .where(and(eq(walletSettings.userId, userId), eq(walletSettings.setupSessionId, sessionId), eq(walletSettings.autoTopUpStatus, "pending")));
}

export async function turnOffAutoTopUp(db: Database, userId: string): Promise<void> {
  await updateWalletSettings(db, userId, { autoTopUpStatus: "off" });
}

export async function setAutoTopUpAmount(db: Database, userId: string, amount: number): Promise<void> {
  assertTopUpAmount(amount);
  await updateWalletSettings(db, userId, { autoTopUpAmount: amount });
}

export type AutoTopUpResult = { attempted: false } | { attempted: true; ok: true; amount: number } | { attempted: true; ok: false; reason: string };

/**
 * Before a payment: when it would leave the balance under the low limit and auto top-up is on, charge the
 * saved card off-session by Cobalt's rule. A decline or a card that needs authentication turns auto top-up
 * off and emails the member; the payment then fails cleanly for lack of funds.
 */
export async function maybeAutoTopUp(db: Database, payer: { id: string; email: string }, payment: number): Promise<AutoTopUpResult> {
  const settings = await getWalletSettings(db, payer.id);
  if (settings.autoTopUpStatus !== "on" || !settings.paymentMethodId) return { attempted: false };
  const balance = (await walletBalance(db, payer.id)).amount;
  const amount = autoTopUpAmount({ balance, payment, lowLimit: env().WALLET_LOW_BALANCE, configuredAmount: settings.autoTopUpAmount });
  if (amount === 0) return { attempted: false };
  const currency = walletCurrency();
  const customerId = await ensureStripeCustomer(db, payer);
  const [topUp] = await db.insert(walletTopUps).values({ userId: payer.id, kind: "auto", amount, currency }).returning();
  const metadata = { plaza_purpose: "wallet_auto_top_up", plaza_user_id: payer.id, plaza_top_up_id: topUp.id };
  try {
    const pi = await stripe().paymentIntents.create(
      { amount, currency, customer: customerId, payment_method: settings.paymentMethodId, off_session: true, confirm: true, metadata, description: `Plaza automatic top-up ${topUp.id}` },
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
