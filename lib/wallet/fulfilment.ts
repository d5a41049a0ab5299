import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { recordCheckoutSession } from "@/lib/stripe/checkout-sessions";
import { stripe } from "@/lib/stripe/client";
import { abandonAutoTopUpSetup, completeAutoTopUpSetup } from "./auto-top-up";
import { creditTopUp, markTopUpClosed } from "./top-ups";

/**
 * The one idempotent function that acts on a Checkout Session's outcome, whether the webhook or the return
 * page gets there first: it credits a paid top-up, or turns auto top-up on after a saved card, exactly once.
 */
export async function fulfilCheckoutSession(tx: Database, session: Stripe.Checkout.Session, ctx: { stripeEventId?: string } = {}): Promise<void> {
  const purpose = session.metadata?.plaza_purpose;
  const userId = session.metadata?.plaza_user_id;
  if (purpose === "wallet_top_up") {
    const topUpId = session.metadata?.plaza_top_up_id;
    if (!topUpId) return;
    if (session.status === "complete" && session.payment_status === "paid" && session.amount_total !== null) {
      const pi = session.payment_intent;
      await creditTopUp(tx, topUpId, { amount: session.amount_total, paymentIntentId: typeof pi === "string" ? pi : (pi?.id ?? null), stripeEventId: ctx.stripeEventId });
    } else if (session.status === "expired") {
      await markTopUpClosed(tx, topUpId, "expired", "The checkout expired before payment.");
    }
  } else if (purpose === "auto_top_up_setup" && userId) {
    if (session.status === "complete") await completeAutoTopUpSetup(tx, userId, session);
    else if (session.status === "expired") await abandonAutoTopUpSetup(tx, userId, session.id);
  }
}

/** The return page's path: fetch the session from Stripe and run the same recording and fulfilment. */
export async function syncCheckoutSession(db: Database, sessionId: string): Promise<Stripe.Checkout.Session> {
  const session = await stripe().checkout.sessions.retrieve(sessionId);
  await db.transaction(async (tx) => {
    await recordCheckoutSession(tx, session, null);
    await fulfilCheckoutSession(tx, session);
  });
  return session;
}
