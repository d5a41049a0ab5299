import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { makePendingRefunds } from "./sync";

/** The marketplace side of the webhook: work that must wait for the event's commit (refunds of late payments). */
export const marketplaceEvents = {
  async afterCommit(db: Database, event: Stripe.Event): Promise<void> {
    if (event.type === "checkout.session.completed" || event.type === "payment_intent.succeeded") await makePendingRefunds(db);
  },
  /** Refunds decided before a crash (or whose Stripe call failed) are made by the next sweep, not the next sale. */
  async pendingWork(db: Database): Promise<void> {
    await makePendingRefunds(db);
  },
};
