import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { users, walletTopUps } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { postTransaction } from "@/lib/ledger/post";
import { formatMoney } from "@/lib/money";
import { minorAmount, uiMode } from "@/lib/schemas";
import { memberWalletAccount, stripeClearingAccount, walletCurrency } from "./accounts";
import { runStoredCommand, type PaymentCommand } from "./commands";
import { walletEmails } from "./emails";

export type TopUp = typeof walletTopUps.$inferSelect;

/** The input of "top up my wallet by card", for the JSON API and the wallet page's form alike. */
export const topUpRequest = z.object({ amount: minorAmount, uiMode: uiMode.default("hosted") });
export type TopUpRequest = z.infer<typeof topUpRequest>;

/** The platform's top-up limits (WALLET_TOP_UP_MIN / MAX), a rule of the wallet rather than of the input. */
export function assertTopUpAmount(amount: number): void {
  const { WALLET_TOP_UP_MIN: min, WALLET_TOP_UP_MAX: max } = env();
  const currency = walletCurrency();
  if (!Number.isSafeInteger(amount) || amount < min || amount > max) {
    throw new AppError(
      "amount_out_of_range",
      `Top up between ${formatMoney({ amount: min, currency })} and ${formatMoney({ amount: max, currency })} (amounts are in minor units: ${min} = ${formatMoney({ amount: min, currency })}).`,
      { param: "amount" },
    );
  }
}

/** A pending top-up, before its Checkout Session or PaymentIntent exists. */
export async function createPendingTopUp(db: Database, t: { userId: string; kind: TopUp["kind"]; amount: number; command?: PaymentCommand }): Promise<TopUp> {
  const [topUp] = await db
    .insert(walletTopUps)
    .values({ userId: t.userId, kind: t.kind, amount: t.amount, currency: walletCurrency(), callbackRoute: t.command?.route ?? null, callbackPayload: t.command?.payload ?? null })
    .returning();
  return topUp;
}

/** Stripe refused to start the payment: nothing may be left behind by the failed request. */
export async function discardPendingTopUp(db: Database, topUpId: string): Promise<void> {
  await db.delete(walletTopUps).where(and(eq(walletTopUps.id, topUpId), eq(walletTopUps.status, "pending")));
}

export async function attachCheckoutSession(db: Database, topUpId: string, checkoutSessionId: string): Promise<void> {
  await db.update(walletTopUps).set({ checkoutSessionId }).where(eq(walletTopUps.id, topUpId));
}

/**
 * Credits a paid top-up: the one idempotent step behind the webhook, the return page and synchronous auto
 * top-ups. Locks the top-up row, so concurrent callers serialise and the second sees it done; the ledger's
 * idempotency key `top-up:<id>` is a second guard against a double credit. A shortfall top-up then runs the
 * payment it was started for, in the same transaction.
 */
export async function creditTopUp(tx: Database, topUpId: string, paid: { amount: number; paymentIntentId: string | null; stripeEventId?: string | null }): Promise<TopUp | null> {
  const [topUp] = await tx.select().from(walletTopUps).where(eq(walletTopUps.id, topUpId)).for("update").limit(1);
  if (!topUp || topUp.status === "succeeded") return topUp ?? null;
  const [wallet, clearing] = await Promise.all([memberWalletAccount(tx, topUp.userId), stripeClearingAccount(tx)]);
  const posted = await postTransaction(tx, {
    type: topUp.kind === "auto" ? "auto_top_up" : "manual_top_up",
    description: topUp.kind === "auto" ? "Automatic top-up by card" : topUp.kind === "shortfall" ? "Top-up by card to complete a payment" : "Top-up by card",
    idempotencyKey: `top-up:${topUp.id}`,
    actorUserId: topUp.userId,
    stripeObjectId: paid.paymentIntentId,
    stripeEventId: paid.stripeEventId ?? null,
    metadata: { topUpId: topUp.id, checkoutSessionId: topUp.checkoutSessionId },
    entries: [
      { accountId: clearing.id, amount: -paid.amount },
      { accountId: wallet.id, amount: paid.amount },
    ],
  });
  const [updated] = await tx
    .update(walletTopUps)
    .set({ status: "succeeded", amount: paid.amount, paymentIntentId: paid.paymentIntentId, ledgerTransactionId: posted.id, completedAt: new Date() })
    .where(eq(walletTopUps.id, topUp.id))
    .returning();
  const walletEntry = posted.entries.find((e) => e.accountId === wallet.id);
  const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, topUp.userId));
  if (user && walletEntry) {
    await walletEmails.topUpReceived(tx, user, { amount: paid.amount, currency: topUp.currency }, { amount: walletEntry.balanceAfter, currency: topUp.currency });
  }
  if (topUp.callbackRoute) {
    const result = await runStoredCommand(tx, { route: topUp.callbackRoute, payload: topUp.callbackPayload });
    await tx.update(walletTopUps).set({ callbackResult: result }).where(eq(walletTopUps.id, topUp.id));
  }
  return updated;
}

export async function markTopUpClosed(tx: Database, topUpId: string, status: "failed" | "expired", message: string | null): Promise<void> {
  await tx
    .update(walletTopUps)
    .set({ status, failureMessage: message, completedAt: new Date() })
    .where(and(eq(walletTopUps.id, topUpId), eq(walletTopUps.status, "pending")));
}

export async function getTopUpForUser(db: Database, topUpId: string, userId: string): Promise<TopUp | undefined> {
  const [row] = await db.select().from(walletTopUps).where(and(eq(walletTopUps.id, topUpId), eq(walletTopUps.userId, userId))).limit(1);
  return row;
}
