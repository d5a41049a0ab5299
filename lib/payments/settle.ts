import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { stripe } from "@/lib/stripe/client";
import { recordCheckoutSession } from "./checkout-sessions";
import { assertNoTransaction } from "./no-transaction";
import { checkoutPurposeOf, paymentIntentPurposeOf, type PurposeReads, type SettleContext } from "./purposes";

/**
 * The one idempotent step behind every Checkout Session outcome, run by the webhook and by the return page
 * alike: record the session as Stripe reports it, then fulfil (complete) or expire it through its purpose.
 * Each purpose's fulfilment is itself idempotent (row locks plus ledger idempotency keys), so running this
 * twice, or concurrently, or out of order with other events, changes nothing the second time.
 */
export async function settleCheckoutSession(tx: Database, session: Stripe.Checkout.Session, ctx: SettleContext & { stripeAccount: string | null }): Promise<void> {
  await recordCheckoutSession(tx, session, ctx.stripeAccount);
  const purpose = checkoutPurposeOf(session);
  if (!purpose) return;
  if (session.status === "complete") await purpose.fulfil(tx, session, ctx);
  else if (session.status === "expired") await purpose.expire(tx, session, ctx);
}

/** The Stripe reads a session's purpose needs before its settlement, or null when it needs none. */
export function checkoutSessionReads(session: Stripe.Checkout.Session): (() => Promise<PurposeReads>) | null {
  return checkoutPurposeOf(session)?.reads(session) ?? null;
}

export async function settlePaymentIntent(tx: Database, pi: Stripe.PaymentIntent, ctx: SettleContext): Promise<void> {
  if (pi.status !== "succeeded") return;
  await paymentIntentPurposeOf(pi)?.succeeded(tx, pi, ctx);
}

/**
 * The return page's path: fetch the session and whatever its purpose needs from Stripe (no transaction
 * open), then settle it in one short transaction, exactly as the webhook does.
 */
export async function syncCheckoutSession(db: Database, sessionId: string): Promise<Stripe.Checkout.Session> {
  assertNoTransaction(db, "syncCheckoutSession");
  const session = await stripe().checkout.sessions.retrieve(sessionId);
  const read = checkoutSessionReads(session);
  const reads = read ? await read() : {};
  await db.transaction((tx) => settleCheckoutSession(tx, session, { stripeAccount: null, stripeEventId: null, reads }));
  return session;
}
