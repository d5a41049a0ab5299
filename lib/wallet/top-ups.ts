import "server-only";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users, walletTopUps } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { postTransaction } from "@/lib/ledger/post";
import { formatMoney } from "@/lib/money";
import { recordCheckoutSession } from "@/lib/stripe/checkout-sessions";
import { checkoutStart, stripeUiMode, type CheckoutStart, type UiMode } from "@/lib/stripe/checkout-response";
import { idempotencyKey, stripe } from "@/lib/stripe/client";
import { memberWalletAccount, stripeClearingAccount, walletCurrency } from "./accounts";
import { runPaymentCallback, type PaymentCallback } from "./callbacks";
import { ensureStripeCustomer } from "./customers";
import { walletEmails } from "./emails";

/** Stripe's smallest card charge in USD-like currencies; a shortfall below it is charged at this amount. */
export const STRIPE_MINIMUM_CHARGE = 50;

export type TopUp = typeof walletTopUps.$inferSelect;

export function assertTopUpAmount(amount: number): void {
  const { WALLET_TOP_UP_MIN: min, WALLET_TOP_UP_MAX: max } = env();
  const currency = walletCurrency();
  if (!Number.isSafeInteger(amount) || amount < min || amount > max) {
    throw new AppError(
      "amount_out_of_range",
      `Top up between ${formatMoney({ amount: min, currency })} and ${formatMoney({ amount: max, currency })} (amounts are in minor units: ${min} = ${formatMoney({ amount: min, currency })}).`,
      { param: "amount" },
    );
  }
}

export interface TopUpCheckoutInput {
  user: { id: string; email: string; name?: string | null };
  amount: number;
  uiMode: UiMode;
  kind: "manual" | "shortfall";
  /** For a shortfall: the payment to finish once the money is in (run in the crediting transaction). */
  callback?: PaymentCallback;
}

/**
 * Starts a card top-up through Stripe Checkout. The wallet is credited only by the fulfilment of the
 * completed session (webhook or return page), never here.
 */
export async function startTopUpCheckout(db: Database, input: TopUpCheckoutInput): Promise<CheckoutStart & { topUpId: string }> {
  if (input.kind === "manual") assertTopUpAmount(input.amount);
  const amount = Math.max(input.amount, STRIPE_MINIMUM_CHARGE);
  const currency = walletCurrency();
  const customerId = await ensureStripeCustomer(db, input.user);
  const [topUp] = await db
    .insert(walletTopUps)
    .values({ userId: input.user.id, kind: input.kind, amount, currency, callbackRoute: input.callback?.route ?? null, callbackPayload: input.callback?.payload ?? null })
    .returning();
  const metadata = { plaza_purpose: "wallet_top_up", plaza_user_id: input.user.id, plaza_top_up_id: topUp.id };
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
    // Nothing may be left behind by a failed request: the pending top-up goes with it.
    await db.delete(walletTopUps).where(eq(walletTopUps.id, topUp.id));
    throw new AppError("stripe_unavailable", `Stripe could not start the payment: ${e instanceof Error ? e.message : "unknown error"}. Try again in a moment.`);
  }
  await db.transaction(async (tx) => {
    await tx.update(walletTopUps).set({ checkoutSessionId: session.id }).where(eq(walletTopUps.id, topUp.id));
    await recordCheckoutSession(tx, session, null);
  });
  return { topUpId: topUp.id, ...checkoutStart(session) };
}

/**
 * Credits a paid top-up: the one idempotent step behind the webhook, the return page and synchronous auto
 * top-ups. Locks the top-up row, so concurrent callers serialise and the second sees it done; the ledger's
 * idempotency key `top-up:<id>` is a second guard against a double credit.
 */
export async function creditTopUp(tx: Database, topUpId: string, paid: { amount: number; paymentIntentId: string | null; stripeEventId?: string | null }): Promise<TopUp | null> {
  const [topUp] = await tx.select().from(walletTopUps).where(eq(walletTopUps.id, topUpId)).for("update").limit(1);
  if (!topUp || topUp.status === "succeeded") return topUp ?? null;
  const [wallet, clearing] = await Promise.all([memberWalletAccount(tx, topUp.userId), stripeClearingAccount(tx)]);
  const posted = await postTransaction(tx, {
    type: topUp.kind === "auto" ? "auto_top_up" : "manual_top_up",
    description: topUp.kind === "auto" ? "Automatic top-up by card" : topUp.kind === "shortfall" ? "Top-up by card to complete a payment" : "Top-up by card",
    idempotencyKey: `top-up:${topUp.id}`,
    actorUserId: topUp.userId,
    stripeObjectId: paid.paymentIntentId,
    stripeEventId: paid.stripeEventId ?? null,
    metadata: { topUpId: topUp.id, checkoutSessionId: topUp.checkoutSessionId },
    entries: [
      { accountId: clearing.id, amount: -paid.amount },
      { accountId: wallet.id, amount: paid.amount },
    ],
  });
  const [updated] = await tx
    .update(walletTopUps)
    .set({ status: "succeeded", amount: paid.amount, paymentIntentId: paid.paymentIntentId, ledgerTransactionId: posted.id, completedAt: new Date() })
    .where(and(eq(walletTopUps.id, topUp.id)))
    .returning();
  const walletEntry = posted.entries.find((e) => e.accountId === wallet.id);
  const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, topUp.userId));
  if (user && walletEntry) {
    await walletEmails.topUpReceived(tx, user, { amount: paid.amount, currency: topUp.currency }, { amount: walletEntry.balanceAfter, currency: topUp.currency });
  }
  if (topUp.callbackRoute) {
    const result = await runPaymentCallback(tx, { route: topUp.callbackRoute, payload: topUp.callbackPayload });
    await tx.update(walletTopUps).set({ callbackResult: result }).where(eq(walletTopUps.id, topUp.id));
  }
  return updated;
}

export async function markTopUpClosed(tx: Database, topUpId: string, status: "failed" | "expired", message: string | null): Promise<void> {
  await tx
    .update(walletTopUps)
    .set({ status, failureMessage: message, completedAt: new Date() })
    .where(and(eq(walletTopUps.id, topUpId), eq(walletTopUps.status, "pending")));
}

export async function getTopUpForUser(db: Database, topUpId: string, userId: string): Promise<TopUp | undefined> {
  const [row] = await db.select().from(walletTopUps).where(and(eq(walletTopUps.id, topUpId), eq(walletTopUps.userId, userId))).limit(1);
  return row;
}
