import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { users, walletTopUpRefunds, walletTopUps } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getBalance, getOrCreateAccount } from "@/lib/ledger/accounts";
import { LedgerError } from "@/lib/ledger/errors";
import { postTransactions } from "@/lib/ledger/post";
import { formatMoney, percentOf } from "@/lib/money";
import { minorAmount } from "@/lib/schemas";
import { memberWalletAccount, stripeClearingAccount, walletBalance } from "./accounts";

/**
 * Wallet top-up refunds (Cobalt's refund_stripe_transaction), the Stripe-free rules. A member sends unspent
 * wallet money back to the card a top-up came from:
 * - only within the refund window (WALLET_REFUND_WEEKS, 12 by default) counted from when the top-up was credited;
 * - never more than what is left of that top-up (its amount less its refunds that did not fail);
 * - never more than the balance, so the balance stays >= 0;
 * - less the platform's refund charge, WALLET_REFUND_CHARGE_BPS (300 = 3%) of the amount, rounded half-up to
 *   the minor unit (3% of 1 050 = 31.5 -> 32), which Plaza keeps as platform income (Cobalt leaves it off the ledger).
 * Platform admins may refund any member's top-up up to what is left, at any time and with no charge, but never
 * their own (they use their wallet like any member).
 */

export type TopUpRefund = typeof walletTopUpRefunds.$inferSelect;
type TopUpRow = typeof walletTopUps.$inferSelect;

/** The input of "refund this top-up to my card", for the JSON API and the server action alike. */
export const topUpRefundRequest = z.object({
  /** What leaves the wallet, in minor units; default: all that can be refunded. */
  amount: minorAmount.optional(),
});
export type TopUpRefundRequest = z.infer<typeof topUpRefundRequest>;

export interface RefundActor {
  id: string;
  /** Acting as a platform admin on someone else's top-up. */
  asAdmin: boolean;
}

export interface TopUpRefundQuote {
  topUpId: string;
  userId: string;
  currency: string;
  /** Leaves the wallet. */
  amount: number;
  /** The platform's refund charge (platform income). */
  charge: number;
  /** Back to the card. */
  cardAmount: number;
  chargeBps: number;
  balance: number;
  balanceAfter: number;
  /** What is left of the top-up before this refund. */
  left: number;
  /** The last moment the member may refund it (admins: no limit). */
  refundableUntil: Date;
}

export function refundPolicy(): { weeks: number; chargeBps: number } {
  const e = env();
  return { weeks: e.WALLET_REFUND_WEEKS, chargeBps: e.WALLET_REFUND_CHARGE_BPS };
}

/** The refund charge on `amount`: basis points, half-up to the minor unit. */
export function refundCharge(amount: number, chargeBps: number): number {
  return percentOf(amount, chargeBps);
}

export function refundDeadline(creditedAt: Date, weeks: number): Date {
  return new Date(creditedAt.getTime() + weeks * 7 * 24 * 3600 * 1000);
}

function notAllowed(reason: string, message: string): AppError {
  return new AppError("refund_not_allowed", message, { details: { reason } });
}

/** Refunds that count against a top-up: all but failed ones. */
async function refundedSoFar(db: Database, topUpId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${walletTopUpRefunds.amount}), 0)` })
    .from(walletTopUpRefunds)
    .where(and(eq(walletTopUpRefunds.topUpId, topUpId), inArray(walletTopUpRefunds.status, ["pending", "succeeded"])));
  return Number(row?.total ?? 0);
}

/**
 * The rules, as a pure check on what was read (so the page's review and the hold inside its transaction apply
 * exactly the same ones). Throws the refusal a person can act on.
 */
export function priceTopUpRefund(
  t: { topUp: TopUpRow; refunded: number; balance: number; actor: RefundActor; requested?: number; now: Date },
): TopUpRefundQuote {
  const { topUp, actor } = t;
  const policy = refundPolicy();
  if (actor.asAdmin && actor.id === topUp.userId) {
    throw new AppError("forbidden", "Platform admins cannot refund their own top-ups from the admin pages. Use your own wallet page, like any member.");
  }
  if (!actor.asAdmin && actor.id !== topUp.userId) throw new AppError("not_found", "There is no such top-up in your wallet.");
  if (topUp.status !== "succeeded" || !topUp.paymentIntentId || !topUp.completedAt) {
    throw notAllowed("not_paid", "Only a top-up that was paid by card can be refunded to the card.");
  }
  const refundableUntil = refundDeadline(topUp.completedAt, policy.weeks);
  if (!actor.asAdmin && t.now.getTime() > refundableUntil.getTime()) {
    throw notAllowed("window_passed", `Top-ups can be refunded to the card for ${policy.weeks} weeks; this one could be refunded until ${refundableUntil.toISOString().slice(0, 10)}. Spend the money or send it to a member instead.`);
  }
  const fmt = (amount: number) => formatMoney({ amount, currency: topUp.currency });
  const left = topUp.amount - t.refunded;
  if (left <= 0) throw notAllowed("nothing_left", "This top-up has already been refunded in full.");
  const max = Math.min(left, Math.max(t.balance, 0));
  if (max <= 0) throw notAllowed("balance_too_low", "Your wallet balance is zero, so there is nothing to send back to the card.");
  const amount = t.requested ?? max;
  if (amount > left) {
    throw new AppError("amount_too_large", `At most ${fmt(left)} of this top-up is left to refund.`, { param: "amount", details: { max } });
  }
  if (amount > t.balance) {
    throw new AppError("amount_too_large", `The wallet holds ${fmt(t.balance)}; a refund cannot take it below zero.`, { param: "amount", details: { max } });
  }
  const chargeBps = actor.asAdmin ? 0 : policy.chargeBps;
  const charge = refundCharge(amount, chargeBps);
  const cardAmount = amount - charge;
  if (cardAmount <= 0) {
    throw new AppError("validation_failed", `After the refund charge nothing would reach the card; refund more than ${fmt(charge)}.`, { param: "amount" });
  }
  return { topUpId: topUp.id, userId: topUp.userId, currency: topUp.currency, amount, charge, cardAmount, chargeBps, balance: t.balance, balanceAfter: t.balance - amount, left, refundableUntil };
}

async function loadTopUp(db: Database, topUpId: string, lock: boolean): Promise<TopUpRow | undefined> {
  const q = db.select().from(walletTopUps).where(eq(walletTopUps.id, topUpId)).limit(1);
  const [row] = lock ? await q.for("update") : await q;
  return row;
}

/** The review step: what would happen, read only (nothing is written). */
export async function quoteTopUpRefund(db: Database, input: { topUpId: string; actor: RefundActor; amount?: number; now?: Date }): Promise<TopUpRefundQuote> {
  const topUp = await loadTopUp(db, input.topUpId, false);
  if (!topUp) throw new AppError("not_found", "There is no such top-up.");
  const [refunded, balance] = await Promise.all([refundedSoFar(db, topUp.id), walletBalance(db, topUp.userId)]);
  return priceTopUpRefund({ topUp, refunded, balance: balance.amount, actor: input.actor, requested: input.amount, now: input.now ?? new Date() });
}

/**
 * Step one of a refund, in one transaction: lock the top-up (concurrent refunds of it serialise), apply the
 * rules again, record the refund as pending and hold the money in the ledger: the wallet pays the card amount
 * to Stripe clearing and the charge to the platform's fees (two postings, so the statement shows both). The
 * ledger refuses an overdraft, so a race with a payment cannot take the wallet below zero.
 */
export async function holdTopUpRefund(tx: Database, input: { topUpId: string; actor: RefundActor; amount?: number; now?: Date }): Promise<TopUpRefund & { paymentIntentId: string }> {
  const topUp = await loadTopUp(tx, input.topUpId, true);
  if (!topUp) throw new AppError("not_found", "There is no such top-up.");
  const [refunded, wallet] = await Promise.all([refundedSoFar(tx, topUp.id), memberWalletAccount(tx, topUp.userId)]);
  const balance = await getBalance(tx, wallet.id);
  const quote = priceTopUpRefund({ topUp, refunded, balance: balance.amount, actor: input.actor, requested: input.amount, now: input.now ?? new Date() });
  const [refund] = await tx
    .insert(walletTopUpRefunds)
    .values({
      topUpId: topUp.id,
      userId: topUp.userId,
      actorUserId: input.actor.id,
      byAdmin: input.actor.asAdmin,
      amount: quote.amount,
      charge: quote.charge,
      cardAmount: quote.cardAmount,
      currency: topUp.currency,
    })
    .returning();
  const [clearing, fees] = await Promise.all([stripeClearingAccount(tx), getOrCreateAccount(tx, { kind: "platform_fees", currency: topUp.currency })]);
  const common = { actorUserId: input.actor.id, stripeObjectId: topUp.paymentIntentId, metadata: { topUpId: topUp.id, topUpRefundId: refund.id } };
  let posted;
  try {
    posted = await postTransactions(tx, [
      {
        ...common,
        type: "card_refund",
        description: "Refund to card",
        idempotencyKey: `top-up-refund:${refund.id}`,
        entries: [
          { accountId: wallet.id, amount: -quote.cardAmount },
          { accountId: clearing.id, amount: quote.cardAmount },
        ],
      },
      ...(quote.charge > 0
        ? [
            {
              ...common,
              type: "fee" as const,
              description: `Refund charge (${quote.chargeBps / 100}%)`,
              idempotencyKey: `top-up-refund:${refund.id}:charge`,
              entries: [
                { accountId: wallet.id, amount: -quote.charge },
                { accountId: fees.id, amount: quote.charge },
              ],
            },
          ]
        : []),
    ]);
  } catch (e) {
    if (e instanceof LedgerError && e.code === "insufficient_funds") {
      throw notAllowed("balance_too_low", "Your wallet balance changed and is now too low for this refund. Review it again.");
    }
    throw e;
  }
  const [held] = await tx.update(walletTopUpRefunds).set({ holdTransactionId: posted[0].id }).where(eq(walletTopUpRefunds.id, refund.id)).returning();
  return { ...held, paymentIntentId: topUp.paymentIntentId ?? "" };
}

export interface StripeRefundOutcome {
  stripeRefundId: string | null;
  /** Stripe's refund status, mapped: pending stays pending, failed and canceled undo the hold. */
  status: "pending" | "succeeded" | "failed";
  failureMessage?: string | null;
  stripeEventId?: string | null;
}

export function refundStatusFromStripe(status: string | null): StripeRefundOutcome["status"] {
  if (status === "succeeded") return "succeeded";
  if (status === "failed" || status === "canceled") return "failed";
  return "pending";
}

/**
 * Step two, idempotent (the API call's answer, the webhook and retries all land here): lock the refund row;
 * a refund that already failed stays failed; a failure undoes the hold with the opposite postings (keys
 * derived from the refund, so it is undone once). A refund Stripe reports failed after it had succeeded
 * (Stripe does this for refunds to closed cards) is undone too.
 */
export async function settleTopUpRefund(tx: Database, refundId: string, outcome: StripeRefundOutcome): Promise<TopUpRefund | null> {
  const [refund] = await tx.select().from(walletTopUpRefunds).where(eq(walletTopUpRefunds.id, refundId)).for("update").limit(1);
  if (!refund || refund.status === "failed") return refund ?? null;
  const stripeRefundId = refund.stripeRefundId ?? outcome.stripeRefundId;
  if (outcome.status === "pending") {
    if (stripeRefundId === refund.stripeRefundId) return refund;
    const [row] = await tx.update(walletTopUpRefunds).set({ stripeRefundId }).where(eq(walletTopUpRefunds.id, refund.id)).returning();
    return row;
  }
  if (outcome.status === "succeeded") {
    if (refund.status === "succeeded") return refund;
    const [row] = await tx.update(walletTopUpRefunds).set({ status: "succeeded", stripeRefundId, completedAt: new Date() }).where(eq(walletTopUpRefunds.id, refund.id)).returning();
    return row;
  }
  const [wallet, clearing, fees] = await Promise.all([
    memberWalletAccount(tx, refund.userId),
    stripeClearingAccount(tx),
    getOrCreateAccount(tx, { kind: "platform_fees", currency: refund.currency }),
  ]);
  const common = { actorUserId: refund.actorUserId, stripeObjectId: stripeRefundId, stripeEventId: outcome.stripeEventId ?? null, metadata: { topUpId: refund.topUpId, topUpRefundId: refund.id } };
  const posted = await postTransactions(tx, [
    {
      ...common,
      type: "card_refund",
      description: "Refund to card failed: money back in the wallet",
      idempotencyKey: `top-up-refund:${refund.id}:undo`,
      entries: [
        { accountId: clearing.id, amount: -refund.cardAmount },
        { accountId: wallet.id, amount: refund.cardAmount },
      ],
    },
    ...(refund.charge > 0
      ? [
          {
            ...common,
            type: "fee" as const,
            description: "Refund charge returned",
            idempotencyKey: `top-up-refund:${refund.id}:charge:undo`,
            entries: [
              { accountId: fees.id, amount: -refund.charge },
              { accountId: wallet.id, amount: refund.charge },
            ],
          },
        ]
      : []),
  ]);
  const [row] = await tx
    .update(walletTopUpRefunds)
    .set({ status: "failed", stripeRefundId, reversalTransactionId: posted[0].id, failureMessage: outcome.failureMessage ?? "The card refund failed.", completedAt: new Date() })
    .where(eq(walletTopUpRefunds.id, refund.id))
    .returning();
  return row;
}

export async function findTopUpRefund(db: Database, by: { id?: string; stripeRefundId?: string }): Promise<TopUpRefund | null> {
  if (by.id) {
    const [row] = await db.select().from(walletTopUpRefunds).where(eq(walletTopUpRefunds.id, by.id)).limit(1);
    if (row) return row;
  }
  if (by.stripeRefundId) {
    const [row] = await db.select().from(walletTopUpRefunds).where(eq(walletTopUpRefunds.stripeRefundId, by.stripeRefundId)).limit(1);
    if (row) return row;
  }
  return null;
}

export interface TopUpWithRefunds {
  topUp: TopUpRow;
  refunds: TopUpRefund[];
  left: number;
  refundableUntil: Date | null;
  /** Whether the member (not an admin) may refund it now, before looking at the balance. */
  inWindow: boolean;
}

/** A member's paid top-ups, newest first, with their refunds and what is left (for the top-ups page). */
export async function listTopUpsWithRefunds(db: Database, userId: string, opts: { limit?: number; now?: Date } = {}): Promise<TopUpWithRefunds[]> {
  const now = opts.now ?? new Date();
  const { weeks } = refundPolicy();
  const topUps = await db
    .select()
    .from(walletTopUps)
    .where(and(eq(walletTopUps.userId, userId), eq(walletTopUps.status, "succeeded")))
    .orderBy(desc(walletTopUps.completedAt), desc(walletTopUps.id))
    .limit(opts.limit ?? 50);
  if (topUps.length === 0) return [];
  const refunds = await db
    .select()
    .from(walletTopUpRefunds)
    .where(inArray(walletTopUpRefunds.topUpId, topUps.map((t) => t.id)))
    .orderBy(walletTopUpRefunds.createdAt);
  return topUps.map((topUp) => {
    const own = refunds.filter((r) => r.topUpId === topUp.id);
    const refunded = own.filter((r) => r.status !== "failed").reduce((s, r) => s + r.amount, 0);
    const refundableUntil = topUp.completedAt ? refundDeadline(topUp.completedAt, weeks) : null;
    return { topUp, refunds: own, left: topUp.amount - refunded, refundableUntil, inWindow: !!refundableUntil && now.getTime() <= refundableUntil.getTime() && !!topUp.paymentIntentId };
  });
}

export async function userLabel(db: Database, userId: string): Promise<{ id: string; email: string; name: string | null } | null> {
  const [u] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  return u ?? null;
}

/** The JSON shape of a top-up refund (API answers). */
export function topUpRefundView(r: TopUpRefund) {
  return {
    id: r.id,
    topUpId: r.topUpId,
    amount: r.amount,
    charge: r.charge,
    cardAmount: r.cardAmount,
    currency: r.currency,
    status: r.status,
    byAdmin: r.byAdmin,
    stripeRefundId: r.stripeRefundId,
    failureMessage: r.failureMessage,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
  };
}

/** A member found by email for the admin's top-ups page (reads only). */
export async function findUserByEmail(db: Database, email: string): Promise<{ id: string; email: string; name: string | null } | null> {
  const [u] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(sql`lower(${users.email})`, email.trim().toLowerCase())).limit(1);
  return u ?? null;
}
