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
import { handleRefundFailed } from "./handlers/refund-failed";
import { handleRefundUpdated } from "./handlers/refund-updated";

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
    case "refund.updated":
      await handleRefundUpdated(tx, event, app, ctx);
      return "handled";
    case "refund.failed":
      await handleRefundFailed(tx, event, app, ctx);
      return "handled";
    default:
      return "ignored";
  }
}

export function eventContext(event: Stripe.Event, reads: EventContext["reads"] = {}): EventContext {
  return { eventId: event.id, account: event.account ?? null, occurredAt: new Date(event.created * 1000), reads };
}
