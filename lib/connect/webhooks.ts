import "server-only";
import Stripe from "stripe";
import type { Database } from "@/db/client";
import { stripe } from "@/lib/stripe/client";
import type { EventContext, StripeReads } from "@/lib/stripe/webhooks/app";
import { markAccountDeauthorized, mirrorConnectedAccount } from "./accounts";
import { notifyPayoutFailed } from "./money";

function accountIdOf(event: Stripe.Event): string | null {
  if (event.type === "account.updated") return event.account ?? event.data.object.id;
  if (event.type === "capability.updated") return event.account ?? (typeof event.data.object.account === "string" ? event.data.object.account : event.data.object.account.id);
  return null;
}

/**
 * Account events are acted on from a fresh read of the account (with the id from the event), not from the
 * payload: events arrive late and out of order, and the fresh object is the truth now. When the account
 * cannot be read (disconnected meanwhile, or Stripe unreachable) the payload is used with the event's own time,
 * so it still never overwrites a newer observation.
 */
async function readAccount(accountId: string): Promise<StripeReads> {
  try {
    return { account: await stripe().accounts.retrieve(accountId, {}, { maxNetworkRetries: 0 }) };
  } catch (e) {
    if (e instanceof Stripe.errors.StripeError) return {};
    throw e;
  }
}

/** The Connect side of the webhook: connected accounts' status, capabilities, disconnection and payouts. */
export const connectEvents = {
  readsFor(event: Stripe.Event): (() => Promise<StripeReads>) | null {
    const id = accountIdOf(event);
    return id ? () => readAccount(id) : null;
  },
  async accountUpdated(tx: Database, account: Stripe.Account, ctx: EventContext) {
    if (ctx.reads.account) await mirrorConnectedAccount(tx, ctx.reads.account, new Date());
    else await mirrorConnectedAccount(tx, account, ctx.occurredAt);
  },
  async capabilityUpdated(tx: Database, _capability: Stripe.Capability, ctx: EventContext) {
    if (ctx.reads.account) await mirrorConnectedAccount(tx, ctx.reads.account, new Date());
  },
  async applicationDeauthorized(tx: Database, ctx: EventContext) {
    if (ctx.account) await markAccountDeauthorized(tx, ctx.account, ctx.occurredAt);
  },
  async payoutFailed(tx: Database, payout: Stripe.Payout, ctx: EventContext) {
    if (ctx.account) await notifyPayoutFailed(tx, ctx.account, payout);
  },
};
