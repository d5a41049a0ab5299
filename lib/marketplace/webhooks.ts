import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext } from "@/lib/stripe/webhooks/app";
import { authorisationEnded } from "./bookings";
import { recordDispute, settleDisputeTransfers } from "./disputes";
import { runAftersaleJobs } from "./aftersale-jobs";
import { makePendingRefunds, recordChargeRefunds, recordStripeRefund, unwindDashboardRefunds } from "./refunds";

function idOf(v: string | { id: string } | null | undefined): string | null {
  return typeof v === "string" ? v : (v?.id ?? null);
}

const facts = (ctx: EventContext) => ({ stripeAccount: ctx.account, stripeEventId: ctx.eventId });

/**
 * One makePendingRefunds run per database at a time, shared: a caller that arrives while a run is going joins
 * the next run, which starts when that one ends, so every caller's run starts after its call (and sees the
 * commit it follows). The webhook worker runs a whole batch's after-commit work at once, so a batch of 50
 * paid checkouts costs two scans of pending refunds instead of 50.
 */
const refundRuns = new WeakMap<Database, { current: Promise<number> | null; next: Promise<number> | null }>();

function pendingRefundsAfterCommit(db: Database): Promise<number> {
  let state = refundRuns.get(db);
  if (!state) refundRuns.set(db, (state = { current: null, next: null }));
  const s = state;
  const start = (): Promise<number> => {
    const run = makePendingRefunds(db);
    s.current = run;
    const clear = () => {
      if (s.current === run) s.current = null;
    };
    run.then(clear, clear);
    return run;
  };
  if (s.next) return s.next;
  if (!s.current) return start();
  const after = () => {
    s.next = null;
    return start();
  };
  s.next = s.current.then(after, after);
  return s.next;
}

/** The marketplace side of the webhook: refunds, disputes and lapsed authorisations, and the Stripe work they leave for after the commit. */
export const marketplaceEvents = {
  async refundChanged(tx: Database, refund: Stripe.Refund, ctx: EventContext): Promise<void> {
    await recordStripeRefund(tx, refund, facts(ctx));
  },
  async chargeRefunded(tx: Database, charge: Stripe.Charge, ctx: EventContext): Promise<void> {
    await recordChargeRefunds(tx, charge, facts(ctx));
  },
  async disputeChanged(tx: Database, dispute: Stripe.Dispute, ctx: EventContext): Promise<void> {
    await recordDispute(tx, dispute, facts(ctx));
  },
  async chargeExpired(tx: Database, charge: Stripe.Charge): Promise<void> {
    await authorisationEnded(tx, idOf(charge.payment_intent));
  },
  async paymentIntentCanceled(tx: Database, pi: Stripe.PaymentIntent): Promise<void> {
    await authorisationEnded(tx, pi.id);
  },
  async afterCommit(db: Database, event: Stripe.Event): Promise<void> {
    if (event.type === "checkout.session.completed" || event.type === "payment_intent.succeeded") await pendingRefundsAfterCommit(db);
    if (event.type === "charge.refunded" || event.type === "refund.created") await unwindDashboardRefunds(db);
    if (event.type.startsWith("charge.dispute.")) await settleDisputeTransfers(db);
  },
  /**
   * The worker's sweep: refunds decided before a crash (or whose Stripe call failed) are made by the next
   * sweep, not the next sale; so are dashboard-refund unwinds, dispute transfers and lapsing bookings.
   */
  async pendingWork(db: Database): Promise<void> {
    await runAftersaleJobs(db);
  },
};
