import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { makePendingRefunds } from "./sync";

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

/** The marketplace side of the webhook: work that must wait for the event's commit (refunds of late payments). */
export const marketplaceEvents = {
  async afterCommit(db: Database, event: Stripe.Event): Promise<void> {
    if (event.type === "checkout.session.completed" || event.type === "payment_intent.succeeded") await pendingRefundsAfterCommit(db);
  },
};
