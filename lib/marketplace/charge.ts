import "server-only";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { z } from "zod";
import type { Database } from "@/db/client";
import { orders } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getOrCreateAccount } from "@/lib/ledger/accounts";
import { LedgerError } from "@/lib/ledger/errors";
import { postTransaction } from "@/lib/ledger/post";
import { formatMoney } from "@/lib/money";
import { chargeAutoTopUpIfNeeded } from "@/lib/payments/auto-top-up";
import { ensureStripeCustomer } from "@/lib/payments/customers";
import { assertNoTransaction } from "@/lib/payments/no-transaction";
import { orderChargePurpose } from "@/lib/payments/purposes";
import { idempotencyKey, stripe } from "@/lib/stripe/client";
import { walletBalance, walletCurrency } from "@/lib/wallet/accounts";
import { buyerOrder, fulfilOrder, lockOrder, orderView, type OrderRow, type OrderView } from "./orders";
import { syncOrderCheckout } from "./sync";

/**
 * POST /api/orders/{id}/charge (Open Event's charge): `{"stripe": "<payment method id>"}` or `{"wallet": true}`.
 * Other keys are looked at only to name what is not supported (`paypal`).
 */
export const chargeRequest = z.looseObject({
  stripe: z.string({ error: "stripe must be a payment method id (pm_…)" }).trim().min(1, "stripe must be a payment method id (pm_…)").max(255).optional(),
  wallet: z.boolean({ error: "wallet must be true or left out" }).optional(),
});

export type ChargeOutcome = { status: "paid" | "authorised"; order: OrderView } | { status: "requires_action"; order: OrderView; nextActionUrl: string | null };

interface Buyer {
  id: string;
  email: string;
  name?: string | null;
}

/** The contract's guards, in its order (after 401, which the route checks): 404, 409 state, 409 free, 422 input. */
function guard(order: OrderRow, body: unknown): { kind: "card"; paymentMethod: string } | { kind: "wallet" } {
  if (order.status === "cancelled" || order.status === "expired") {
    throw new AppError("order_not_chargeable", `This order was ${order.status === "expired" ? "not paid in time and has expired" : "cancelled"}, so it can't be charged. Start a new checkout from the listing.`);
  }
  if (order.status !== "awaiting_payment") throw new AppError("order_already_paid", "This order is already paid. See it under My purchases.");
  if (order.amount === 0) throw new AppError("order_free", "This order is free: there is nothing to charge.");
  if (typeof body === "object" && body !== null && "paypal" in body) {
    throw new AppError("payment_mode_unsupported", "PayPal is not supported. Pay by card (stripe) or from your wallet (wallet: true).", { param: "paypal" });
  }
  const parsed = chargeRequest.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("validation_failed", issue?.message ?? "The request is not valid.", { param: issue?.path.map(String).join(".") || undefined });
  }
  if (parsed.data.wallet === true) return { kind: "wallet" };
  if (!parsed.data.stripe) throw new AppError("stripe_token_missing", "Give a payment method (stripe: \"pm_…\") or pay from your wallet (wallet: true).", { param: "stripe" });
  return { kind: "card", paymentMethod: parsed.data.stripe };
}

/**
 * Moves the order from its Checkout Session to the charge API: marked first (the session's events no longer
 * count), then the session is expired at Stripe. A session that turns out to be paid already wins: the order
 * goes back to it and is settled from it (409 order_already_paid).
 */
async function takeOverFromCheckout(db: Database, order: OrderRow): Promise<void> {
  await db.update(orders).set({ paymentRoute: "charge" }).where(and(eq(orders.id, order.id), eq(orders.status, "awaiting_payment")));
  if (!order.checkoutSessionId) return;
  const stripeAccount = order.chargeType === "direct" ? order.stripeAccount : null;
  const opts = stripeAccount ? { stripeAccount } : {};
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe().checkout.sessions.expire(order.checkoutSessionId, {}, { ...opts, idempotencyKey: idempotencyKey("checkout-expire", order.checkoutSessionId) });
  } catch {
    session = await stripe().checkout.sessions.retrieve(order.checkoutSessionId, {}, opts);
  }
  if (session.status === "complete") {
    await db.update(orders).set({ paymentRoute: "checkout" }).where(eq(orders.id, order.id));
    await syncOrderCheckout(db, { ...order, paymentRoute: "checkout" });
    throw new AppError("order_already_paid", "This order was just paid through its checkout. See it under My purchases.");
  }
}

/** Charges an order server-side: a card (3D Secure answered as requires_action) or the buyer's wallet. */
export async function chargeOrder(db: Database, buyer: Buyer, orderId: string, body: unknown): Promise<ChargeOutcome> {
  assertNoTransaction(db, "chargeOrder");
  const order = await buyerOrder(db, orderId, buyer.id);
  const how = guard(order, body);
  if (how.kind === "wallet") return payFromWallet(db, buyer, order);
  return chargeCard(db, buyer, order, how.paymentMethod);
}

async function chargeCard(db: Database, buyer: Buyer, order: OrderRow, paymentMethod: string): Promise<ChargeOutcome> {
  await takeOverFromCheckout(db, order);
  const direct = order.chargeType === "direct";
  const metadata = orderChargePurpose.metadataFor({ plaza_order_id: order.id, plaza_user_id: buyer.id });
  let pi: Stripe.PaymentIntent;
  try {
    const customer = direct ? null : await ensureStripeCustomer(db, buyer);
    pi = await stripe().paymentIntents.create(
      {
        amount: order.amount,
        currency: order.currency,
        payment_method: paymentMethod,
        confirm: true,
        ...(customer ? { customer } : {}),
        metadata,
        description: `Plaza order ${order.id}`,
        return_url: `${env().appUrl}/orders/${order.id}?charge=returned`,
        ...(order.platformFee > 0 ? { application_fee_amount: order.platformFee } : {}),
        ...(direct || !order.stripeAccount ? {} : { transfer_data: { destination: order.stripeAccount } }),
        ...(order.captureMethod === "manual" ? { capture_method: "manual" as const } : {}),
      },
      { idempotencyKey: idempotencyKey("order-charge", order.id, paymentMethod), ...(direct && order.stripeAccount ? { stripeAccount: order.stripeAccount } : {}) },
    );
  } catch (e) {
    if (e instanceof Stripe.errors.StripeCardError) {
      throw new AppError("card_declined", `Your card was declined${e.message ? `: ${e.message}` : "."} Try another card or pay from your wallet.`, { details: { declineCode: e.decline_code ?? e.code ?? "card_declined" } });
    }
    if (e instanceof Stripe.errors.StripeInvalidRequestError) {
      throw new AppError("validation_failed", `Stripe refused this payment method: ${e.message}`, { param: "stripe" });
    }
    throw new AppError("stripe_unavailable", "Stripe could not be reached, so nothing was charged. Try again in a moment.");
  }
  const result = await db.transaction(async (tx) => {
    await lockOrder(tx, order.id);
    await tx.update(orders).set({ paymentIntentId: pi.id, paidWith: "card" }).where(eq(orders.id, order.id));
    if (pi.status === "succeeded") await fulfilOrder(tx, order.id, { paidWith: "card", paymentIntentId: pi.id, stripeEventId: null, authorisedOnly: false });
    else if (pi.status === "requires_capture") await fulfilOrder(tx, order.id, { paidWith: "card", paymentIntentId: pi.id, stripeEventId: null, authorisedOnly: true });
    return pi.status;
  });
  const view = await orderView(db, await buyerOrder(db, order.id, buyer.id));
  if (result === "succeeded") return { status: "paid", order: view };
  if (result === "requires_capture") return { status: "authorised", order: view };
  if (result === "requires_action") return { status: "requires_action", order: view, nextActionUrl: pi.next_action?.redirect_to_url?.url ?? null };
  throw new AppError("card_declined", "Your card was not charged. Try another card or pay from your wallet.", { details: { declineCode: pi.last_payment_error?.decline_code ?? pi.status } });
}

/**
 * Pays an order from the buyer's wallet through the payment API's rules: an automatic top-up first when it is
 * on (and the balance would not cover it), else 402 insufficient_funds. The organisation's ledger account is
 * credited (less the platform fee): money the platform holds, paid out by a settlement later.
 */
async function payFromWallet(db: Database, buyer: Buyer, order: OrderRow): Promise<ChargeOutcome> {
  const currency = walletCurrency();
  if (order.currency !== currency) throw new AppError("validation_failed", `Your wallet is in ${currency.toUpperCase()} and this order in ${order.currency.toUpperCase()}: pay it by card.`, { param: "wallet" });
  await chargeAutoTopUpIfNeeded(db, buyer, order.amount);
  const balance = (await walletBalance(db, buyer.id)).amount;
  if (balance < order.amount) throw insufficient(balance, order.amount, currency);
  await takeOverFromCheckout(db, order);
  try {
    await db.transaction(async (tx) => {
      const locked = await lockOrder(tx, order.id);
      if (!locked || locked.status !== "awaiting_payment") throw new AppError("order_already_paid", "This order is already paid. See it under My purchases.");
      const wallet = await getOrCreateAccount(tx, { kind: "member_wallet", ownerUserId: buyer.id, currency });
      const seller = await getOrCreateAccount(tx, { kind: "organisation", ownerOrganisationId: order.organisationId, currency });
      const fees = await getOrCreateAccount(tx, { kind: "platform_fees", currency });
      const net = order.amount - order.platformFee;
      const entries = [{ accountId: wallet.id, amount: -order.amount }];
      if (net > 0) entries.push({ accountId: seller.id, amount: net });
      if (order.platformFee > 0) entries.push({ accountId: fees.id, amount: order.platformFee });
      const posted = await postTransaction(tx, {
        type: "wallet_purchase",
        description: `Purchase, order ${order.id.slice(0, 8)}`,
        idempotencyKey: `order:${order.id}:wallet_purchase`,
        actorUserId: buyer.id,
        orderId: order.id,
        entries,
      });
      await tx.update(orders).set({ ledgerTransactionId: posted.id }).where(eq(orders.id, order.id));
      await fulfilOrder(tx, order.id, { paidWith: "wallet", paymentIntentId: null, stripeEventId: null, authorisedOnly: false });
    });
  } catch (e) {
    if (e instanceof LedgerError && e.code === "insufficient_funds") throw insufficient((await walletBalance(db, buyer.id)).amount, order.amount, currency);
    throw e;
  }
  return { status: "paid", order: await orderView(db, await buyerOrder(db, order.id, buyer.id)) };
}

function insufficient(balance: number, amount: number, currency: string): AppError {
  const shortfall = amount - Math.max(balance, 0);
  return new AppError("insufficient_funds", `Your wallet has ${formatMoney({ amount: balance, currency })}, ${formatMoney({ amount: shortfall, currency })} short of this order. Top up your wallet or pay by card.`, {
    details: { shortfall, balance },
  });
}
