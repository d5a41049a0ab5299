import "server-only";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import type { EventContext } from "@/lib/stripe/webhooks/app";
import { markAccountDeauthorized, mirrorConnectedAccount } from "./accounts";

/** The Connect side of the webhook: connected accounts' status and disconnection. */
export const connectEvents = {
  accountUpdated: (tx: Database, account: Stripe.Account, ctx: EventContext) => mirrorConnectedAccount(tx, account, ctx.occurredAt),
  async applicationDeauthorized(tx: Database, ctx: EventContext) {
    if (ctx.account) await markAccountDeauthorized(tx, ctx.account, ctx.occurredAt);
  },
};
