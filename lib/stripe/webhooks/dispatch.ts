import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext, WebhookApp } from "./app";
import { handleAccountApplicationDeauthorized } from "./handlers/account-application-deauthorized";
import { handleAccountUpdated } from "./handlers/account-updated";
import { handleCapabilityUpdated } from "./handlers/capability-updated";
import { handlePayoutFailed } from "./handlers/payout-failed";
import { handleCheckoutSessionCompleted } from "./handlers/checkout-session-completed";
import { handleCheckoutSessionExpired } from "./handlers/checkout-session-expired";
import { handlePaymentIntentSucceeded } from "./handlers/payment-intent-succeeded";
import { handleChargeRefunded } from "./handlers/charge-refunded";
import { handleRefundCreated } from "./handlers/refund-created";
import { handleRefundUpdated } from "./handlers/refund-updated";
import { handleRefundFailed } from "./handlers/refund-failed";
import { handleChargeDisputeCreated } from "./handlers/charge-dispute-created";
import { handleChargeDisputeUpdated } from "./handlers/charge-dispute-updated";
import { handleChargeDisputeClosed } from "./handlers/charge-dispute-closed";
import { handleChargeDisputeFundsWithdrawn } from "./handlers/charge-dispute-funds-withdrawn";
import { handleChargeDisputeFundsReinstated } from "./handlers/charge-dispute-funds-reinstated";
import { handleChargeExpired } from "./handlers/charge-expired";
import { handlePaymentIntentCanceled } from "./handlers/payment-intent-canceled";

/**
 * One typed handler per event type; the switch narrows Stripe.Event to the handler's own event type.
 * Types Plaza does not handle are acknowledged and marked processed with nothing to do.
 */
export async function dispatchEvent(tx: Database, event: Stripe.Event, app: WebhookApp, ctx: EventContext): Promise<"handled" | "ignored"> {
  switch (event.type) {
    case "checkout.session.completed":
      await handleCheckoutSessionCompleted(tx, event, app, ctx);
      return "handled";
    case "checkout.session.expired":
      await handleCheckoutSessionExpired(tx, event, app, ctx);
      return "handled";
    case "account.updated":
      await handleAccountUpdated(tx, event, app, ctx);
      return "handled";
    case "capability.updated":
      await handleCapabilityUpdated(tx, event, app, ctx);
      return "handled";
    case "payout.failed":
      await handlePayoutFailed(tx, event, app, ctx);
      return "handled";
    case "account.application.deauthorized":
      await handleAccountApplicationDeauthorized(tx, event, app, ctx);
      return "handled";
    case "payment_intent.succeeded":
      await handlePaymentIntentSucceeded(tx, event, app, ctx);
      return "handled";
    case "charge.refunded":
      await handleChargeRefunded(tx, event, app, ctx);
      return "handled";
    case "refund.created":
      await handleRefundCreated(tx, event, app, ctx);
      return "handled";
    case "refund.updated":
      await handleRefundUpdated(tx, event, app, ctx);
      return "handled";
    case "refund.failed":
      await handleRefundFailed(tx, event, app, ctx);
      return "handled";
    case "charge.dispute.created":
      await handleChargeDisputeCreated(tx, event, app, ctx);
      return "handled";
    case "charge.dispute.updated":
      await handleChargeDisputeUpdated(tx, event, app, ctx);
      return "handled";
    case "charge.dispute.closed":
      await handleChargeDisputeClosed(tx, event, app, ctx);
      return "handled";
    case "charge.dispute.funds_withdrawn":
      await handleChargeDisputeFundsWithdrawn(tx, event, app, ctx);
      return "handled";
    case "charge.dispute.funds_reinstated":
      await handleChargeDisputeFundsReinstated(tx, event, app, ctx);
      return "handled";
    case "charge.expired":
      await handleChargeExpired(tx, event, app, ctx);
      return "handled";
    case "payment_intent.canceled":
      await handlePaymentIntentCanceled(tx, event, app, ctx);
      return "handled";
    default:
      return "ignored";
  }
}

export function eventContext(event: Stripe.Event, reads: EventContext["reads"] = {}): EventContext {
  return { eventId: event.id, account: event.account ?? null, occurredAt: new Date(event.created * 1000), reads };
}
