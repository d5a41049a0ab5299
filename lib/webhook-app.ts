import "server-only";
import type { WebhookApp } from "@/lib/stripe/webhooks/app";
import { connectEvents } from "@/lib/connect/webhooks";
import { marketplaceEvents } from "@/lib/marketplace/webhooks";
import { paymentEvents } from "@/lib/payments/webhooks";

/**
 * Where the webhook processor (lib/stripe, which knows no domain) meets the domains that act on events.
 * The type makes a missing entry point a compile error.
 */
export const webhookApp: WebhookApp = {
  readsFor: (event) => paymentEvents.readsFor(event) ?? connectEvents.readsFor(event),
  checkoutSessionChanged: paymentEvents.checkoutSessionChanged,
  paymentIntentSucceeded: paymentEvents.paymentIntentSucceeded,
  accountUpdated: connectEvents.accountUpdated,
  capabilityUpdated: connectEvents.capabilityUpdated,
  applicationDeauthorized: connectEvents.applicationDeauthorized,
  payoutFailed: connectEvents.payoutFailed,
  afterCommit: marketplaceEvents.afterCommit,
  refundChanged: marketplaceEvents.refundChanged,
  chargeRefunded: marketplaceEvents.chargeRefunded,
  disputeChanged: marketplaceEvents.disputeChanged,
  chargeExpired: marketplaceEvents.chargeExpired,
  paymentIntentCanceled: marketplaceEvents.paymentIntentCanceled,
  topUpRefundChanged: paymentEvents.topUpRefundChanged,
  pendingWork: marketplaceEvents.pendingWork,
};
