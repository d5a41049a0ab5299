import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { handleAccountApplicationDeauthorized } from "./handlers/account-application-deauthorized";
import { handleAccountUpdated } from "./handlers/account-updated";
import { handleCheckoutSessionCompleted } from "./handlers/checkout-session-completed";
import { handleCheckoutSessionExpired } from "./handlers/checkout-session-expired";
import { handlePaymentIntentSucceeded } from "./handlers/payment-intent-succeeded";

/**
 * One typed handler per event type; the switch narrows Stripe.Event to the handler's own event type.
 * Types Plaza does not handle are acknowledged and marked processed with nothing to do.
 */
export async function dispatchEvent(tx: Database, event: Stripe.Event): Promise<"handled" | "ignored"> {
  switch (event.type) {
    case "checkout.session.completed":
      await handleCheckoutSessionCompleted(tx, event);
      return "handled";
    case "checkout.session.expired":
      await handleCheckoutSessionExpired(tx, event);
      return "handled";
    case "account.updated":
      await handleAccountUpdated(tx, event);
      return "handled";
    case "account.application.deauthorized":
      await handleAccountApplicationDeauthorized(tx, event);
      return "handled";
    case "payment_intent.succeeded":
      await handlePaymentIntentSucceeded(tx, event);
      return "handled";
    default:
      return "ignored";
  }
}
