import "server-only";
import Stripe from "stripe";
import type { Database } from "@/db/client";
import { AppError } from "@/lib/errors";
import { idempotencyKey, stripe } from "@/lib/stripe/client";
import type { EventContext } from "@/lib/stripe/webhooks/app";
import {
  findTopUpRefund,
  holdTopUpRefund,
  refundStatusFromStripe,
  settleTopUpRefund,
  type RefundActor,
  type TopUpRefund,
} from "@/lib/wallet/top-up-refunds";
import { assertNoTransaction } from "./no-transaction";

/** The metadata key naming the Plaza refund on a Stripe refund of a wallet top-up's charge. */
export const TOP_UP_REFUND_METADATA_KEY = "plaza_top_up_refund_id";

/**
 * Sends wallet money back to the card a top-up came from, in three steps with no Stripe call inside a
 * transaction: (1) hold: record the refund as pending and post it in the ledger (lib/wallet/top-up-refunds);
 * (2) ask Stripe for the refund of the card amount, with an idempotency key derived from the refund's id, so a
 * retry can never refund twice; (3) settle with Stripe's answer. A refusal from Stripe undoes the hold at once;
 * a refund Stripe reports failed later (refund.failed) is undone by the webhook through the same settle step.
 */
export async function refundTopUpToCard(db: Database, input: { topUpId: string; actor: RefundActor; amount?: number; now?: Date }): Promise<TopUpRefund> {
  assertNoTransaction(db, "refundTopUpToCard");
  const held = await db.transaction((tx) => holdTopUpRefund(tx, input));
  let refund: Stripe.Refund;
  try {
    refund = await stripe().refunds.create(
      {
        payment_intent: held.paymentIntentId,
        amount: held.cardAmount,
        reason: "requested_by_customer",
        metadata: { [TOP_UP_REFUND_METADATA_KEY]: held.id, plaza_top_up_id: held.topUpId },
      },
      { idempotencyKey: idempotencyKey("top-up-refund", held.id) },
    );
  } catch (e) {
    const message = e instanceof Stripe.errors.StripeError ? e.message : e instanceof Error ? e.message : "unknown error";
    await db.transaction((tx) => settleTopUpRefund(tx, held.id, { stripeRefundId: null, status: "failed", failureMessage: `Stripe refused the refund: ${message}` }));
    throw new AppError("stripe_unavailable", `Stripe could not refund the card (${message}). Nothing left your wallet; try again later.`);
  }
  const settled = await db.transaction((tx) =>
    settleTopUpRefund(tx, held.id, { stripeRefundId: refund.id, status: refundStatusFromStripe(refund.status), failureMessage: refund.failure_reason ?? null }),
  );
  return settled ?? held;
}

/**
 * refund.updated / refund.failed for a wallet top-up's refund: settle it (idempotent, any order). Refunds that
 * are not a top-up refund (an order's refund, say) are left to their own domain.
 */
export async function topUpRefundChanged(tx: Database, refund: Stripe.Refund, ctx: EventContext): Promise<void> {
  const plazaId = refund.metadata?.[TOP_UP_REFUND_METADATA_KEY];
  const row = await findTopUpRefund(tx, { id: plazaId, stripeRefundId: refund.id });
  if (!row) return;
  await settleTopUpRefund(tx, row.id, {
    stripeRefundId: refund.id,
    status: refundStatusFromStripe(refund.status),
    failureMessage: refund.failure_reason ? `The card refund failed (${refund.failure_reason}).` : null,
    stripeEventId: ctx.eventId,
  });
}
