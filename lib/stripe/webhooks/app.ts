import type Stripe from "stripe";
import type { Database } from "@/db/client";

/**
 * Objects re-read from Stripe for an event before its transaction opens. A Stripe request never runs while
 * the event's row lock (or any other) is held, so a slow Stripe cannot stall the inbox or the ledger.
 */
export interface StripeReads {
  setupIntent?: Stripe.SetupIntent;
  account?: Stripe.Account;
}

export interface EventContext {
  eventId: string;
  /** The connected account the event came from (`event.account`), null for the platform's own. */
  account: string | null;
  occurredAt: Date;
  reads: StripeReads;
}

/**
 * The narrow entry points through which webhook handlers reach the domain. lib/stripe knows no domain: the
 * application builds one of these (lib/webhook-app.ts) and hands it to the processor.
 */
export interface WebhookApp {
  /** The Stripe reads an event needs, as a function run with no transaction open; null when none are needed. */
  readsFor(event: Stripe.Event): (() => Promise<StripeReads>) | null;
  checkoutSessionChanged(tx: Database, session: Stripe.Checkout.Session, ctx: EventContext): Promise<void>;
  paymentIntentSucceeded(tx: Database, paymentIntent: Stripe.PaymentIntent, ctx: EventContext): Promise<void>;
  accountUpdated(tx: Database, account: Stripe.Account, ctx: EventContext): Promise<void>;
  capabilityUpdated(tx: Database, capability: Stripe.Capability, ctx: EventContext): Promise<void>;
  applicationDeauthorized(tx: Database, ctx: EventContext): Promise<void>;
  payoutFailed(tx: Database, payout: Stripe.Payout, ctx: EventContext): Promise<void>;
  /** A refund as Stripe reports it (`refund.created` / `.updated` / `.failed`). */
  refundChanged(tx: Database, refund: Stripe.Refund, ctx: EventContext): Promise<void>;
  /** `charge.refunded`: the charge with its refunds. */
  chargeRefunded(tx: Database, charge: Stripe.Charge, ctx: EventContext): Promise<void>;
  /** Any `charge.dispute.*` event. */
  disputeChanged(tx: Database, dispute: Stripe.Dispute, ctx: EventContext): Promise<void>;
  /** `charge.expired`: an uncaptured charge's authorisation lapsed. */
  chargeExpired(tx: Database, charge: Stripe.Charge, ctx: EventContext): Promise<void>;
  /** `payment_intent.canceled`. */
  paymentIntentCanceled(tx: Database, paymentIntent: Stripe.PaymentIntent, ctx: EventContext): Promise<void>;
  /**
   * Stripe work an event's handling decided but could not do inside its transaction (a refund, say), run
   * after the commit with no transaction open. A failure is logged; the work stays queued where it was decided.
   */
  afterCommit(db: Database, event: Stripe.Event): Promise<void>;
  /** refund.updated / refund.failed: settles a wallet top-up's refund to the card (no-op for other refunds). */
  topUpRefundChanged(tx: Database, refund: Stripe.Refund, ctx: EventContext): Promise<void>;
  /**
   * After-commit work that is still queued (its instance died between the commit and the Stripe call, or the
   * call failed), swept by every worker every PENDING_WORK_MS whatever events arrive. Optional for test apps.
   */
  pendingWork?(db: Database): Promise<void>;
}
