import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users, type LedgerTransactionType } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { LedgerError } from "@/lib/ledger/errors";
import { postTransaction, type PostedTransaction } from "@/lib/ledger/post";
import { memberWalletAccount, walletCurrency } from "./accounts";
import { walletEmails } from "./emails";
import { getWalletSettings } from "./settings";

export interface WalletDebit {
  payerUserId: string;
  /** The ledger account that receives the money. */
  toAccountId: number;
  amount: number;
  type: LedgerTransactionType;
  description: string;
  idempotencyKey: string;
  actorUserId: string;
  metadata?: Record<string, unknown>;
}

/**
 * Moves money out of a member's wallet inside the caller's transaction (no Stripe calls: this also runs in
 * a webhook's transaction). The ledger refuses an overdraft; that surfaces as 402 insufficient_funds. Sends
 * the low-balance warning when this payment takes the balance under the threshold.
 */
export async function debitWallet(tx: Database, d: WalletDebit): Promise<PostedTransaction> {
  const wallet = await memberWalletAccount(tx, d.payerUserId);
  let posted: PostedTransaction;
  try {
    posted = await postTransaction(tx, {
      type: d.type,
      description: d.description,
      idempotencyKey: d.idempotencyKey,
      actorUserId: d.actorUserId,
      metadata: d.metadata,
      entries: [
        { accountId: wallet.id, amount: -d.amount },
        { accountId: d.toAccountId, amount: d.amount },
      ],
    });
  } catch (e) {
    if (e instanceof LedgerError && e.code === "insufficient_funds") {
      throw new AppError("insufficient_funds", "Your wallet balance is too low for this payment. Top up your wallet and try again.");
    }
    throw e;
  }
  const after = posted.entries.find((e) => e.accountId === wallet.id)?.balanceAfter;
  const threshold = env().WALLET_LOW_BALANCE;
  if (!posted.replayed && after !== undefined && after < threshold && after + d.amount >= threshold) {
    const settings = await getWalletSettings(tx, d.payerUserId);
    if (settings.lowBalanceWarnings) {
      const [payer] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, d.payerUserId));
      if (payer) await walletEmails.lowBalance(tx, payer, { amount: after, currency: walletCurrency() });
    }
  }
  return posted;
}
